import type { CategoryView } from '@yixiang/contracts';
import type { Language } from './i18n';

/** A category's name in the reader's language (the classification is Chinese; English where known). */
export function categoryName(category: CategoryView | undefined, language: Language): string {
  if (!category) return '';
  return language === 'en' && category.nameEn ? category.nameEn : category.nameZh;
}
