import type { ServiceMode } from '@yixiang/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { ChoiceField, ErrorNotice, Field, Loading, PageTitle, Pager } from '../components/ui';
import { SERVICE_MODES } from './Usage';
import { localDate, parseYuan, yuan } from '../format';
import { useLoad } from '../hooks';
import { useI18n, type MessageKey } from '../i18n';
import { categoryName } from '../labels';

const PAGE_SIZE = 20;
/** How long typing pauses before the text searches by itself: a search per word, not per keystroke. */
const TYPING_PAUSE_MS = 350;
const FILTERS = ['q', 'category', 'region', 'mode', 'maxPrice', 'availableFrom', 'availableTo'] as const;

export function useCategories() {
  return useLoad(() => call(api.GET('/api/v1/categories')), []);
}

/**
 * The catalogue: free text (Chinese or English; synonyms, abbreviations and pinyin initials find too)
 * and filters, kept in the address so a search can be shared.
 */
export function SearchPage() {
  const { t, language } = useI18n();
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState<Record<(typeof FILTERS)[number], string>>(
    () => Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>,
  );
  const page = Number(params.get('page') ?? '1') || 1;
  const categories = useCategories();
  const byCode = new Map((categories.data ?? []).map((c) => [c.code, c]));

  const results = useLoad(() => {
    const maxPrice = params.get('maxPrice');
    const from = params.get('availableFrom');
    const to = params.get('availableTo');
    return call(
      api.GET('/api/v1/instruments', {
        params: {
          query: {
            q: params.get('q') || undefined,
            category: params.get('category') || undefined,
            region: params.get('region') || undefined,
            mode: (params.get('mode') || undefined) as ServiceMode | undefined,
            maxPriceFen: maxPrice ? (parseYuan(maxPrice) ?? undefined) : undefined,
            availableFrom: from ? `${from}T00:00:00+08:00` : undefined,
            availableTo: to ? `${to}T00:00:00+08:00` : undefined,
            page,
            pageSize: PAGE_SIZE,
          },
        },
      }),
    );
  }, [params.toString()]);

  // Search as people type: the text applies itself after a pause (the other filters wait for 搜索).
  // Replacing the address, not pushing: Back leaves the search rather than stepping through words.
  useEffect(() => {
    const q = draft.q.trim();
    if (q === (params.get('q') ?? '')) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(params);
      if (q) next.set('q', q);
      else next.delete('q');
      next.delete('page');
      setParams(next, { replace: true });
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [draft.q, params, setParams]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const f of FILTERS) if (draft[f].trim()) next.set(f, draft[f].trim());
    setParams(next);
  };
  const set = (f: (typeof FILTERS)[number]) => (e: { target: { value: string } }) => setDraft({ ...draft, [f]: e.target.value });
  const topLevel = (categories.data ?? []).filter((c) => c.parentCode === null);
  const today = localDate(new Date());

  return (
    <>
      <PageTitle>{t('search.title')}</PageTitle>
      <form className="search-form" role="search" onSubmit={submit}>
        <div className="search-main">
          <label htmlFor="q" className="sr-only">
            {t('search.text')}
          </label>
          <input id="q" type="search" placeholder={t('search.placeholder')} value={draft.q} onChange={set('q')} />
          <button type="submit" className="primary">
            {t('search.submit')}
          </button>
        </div>
        <div className="filters">
          <Field label={t('search.category')}>
            {(id) => (
              <select id={id} value={draft.category} onChange={set('category')}>
                <option value="">{t('common.any')}</option>
                {topLevel.map((top) => (
                  <optgroup key={top.code} label={`${top.code} ${categoryName(top, language)}`}>
                    <option value={top.code}>
                      {top.code} {categoryName(top, language)} ({t('search.all')})
                    </option>
                    {(categories.data ?? [])
                      .filter((c) => c.parentCode === top.code)
                      .map((c) => (
                        <option key={c.code} value={c.code}>
                          {c.code} {categoryName(c, language)}
                        </option>
                      ))}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('search.region')}>{(id) => <input id={id} value={draft.region} onChange={set('region')} placeholder="CQ" maxLength={8} />}</Field>
          <ChoiceField label={t('search.mode')} value={draft.mode as ServiceMode | ''} values={SERVICE_MODES} prefix="mode" any={t('common.any')} onChange={(mode) => setDraft({ ...draft, mode })} />
          <Field label={t('search.maxPrice')}>{(id) => <input id={id} inputMode="decimal" value={draft.maxPrice} onChange={set('maxPrice')} placeholder="500" />}</Field>
          <Field label={t('search.availableFrom')}>{(id) => <input id={id} type="date" min={today} value={draft.availableFrom} onChange={set('availableFrom')} />}</Field>
          <Field label={t('search.availableTo')}>{(id) => <input id={id} type="date" min={draft.availableFrom || today} value={draft.availableTo} onChange={set('availableTo')} />}</Field>
        </div>
      </form>
      <ErrorNotice error={results.error} />
      <Loading when={results.loading && !results.data} />
      {results.data && (
        <>
          <p className="muted" aria-live="polite">
            {t('search.found', { total: results.data.total })}
          </p>
          <ul className="cards" aria-label={t('search.results')}>
            {results.data.items.map((i) => (
              <li key={i.id} className="card instrument-card">
                <h2>
                  <Link to={`/instruments/${i.id}`}>{i.name}</Link>
                </h2>
                <p className="muted">{[i.model, i.manufacturer].filter(Boolean).join(' · ')}</p>
                <p>
                  {i.institution.name}
                  {i.institution.region ? ` · ${i.institution.region}` : ''}
                </p>
                <p className="tags">
                  <span className="tag">{categoryName(byCode.get(i.categoryCode), language) || i.categoryCode}</span>
                  {i.serviceModes.map((m) => (
                    <span key={m} className="tag">
                      {t(`mode.${m}` as MessageKey)}
                    </span>
                  ))}
                  {i.onlineBooking && <span className="tag tag-good">{t('search.online')}</span>}
                </p>
                <p className="price">{i.fromPriceFen === null ? t('search.noPrice') : t('search.fromPrice', { price: yuan(i.fromPriceFen) })}</p>
              </li>
            ))}
          </ul>
          {results.data.items.length === 0 && <p>{t('search.none')}</p>}
          <Pager
            page={page}
            pageSize={PAGE_SIZE}
            total={results.data.total}
            onPage={(p) => {
              const next = new URLSearchParams(params);
              next.set('page', String(p));
              setParams(next);
            }}
          />
        </>
      )}
    </>
  );
}
