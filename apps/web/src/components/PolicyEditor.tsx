import { useId, useRef, useState, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { formOfPolicy, POLICY_CATEGORIES, POLICY_GRADES, policyOfForm, type PolicyForm, type PolicyFormField, type PolicyFormProblem } from '../policy-form';

/** The form's problems by field, shown beside the field once the officer has tried to save. */
type Problems = Partial<Record<PolicyFormField, string>>;

export function problemsByField(problems: PolicyFormProblem[]): Problems {
  return Object.fromEntries(problems.map((p) => [p.field, p.message]));
}

function Input({ label, value, onChange, problem, unit, inputMode = 'decimal', disabled }: {
  label: string; value: string; onChange(value: string): void; problem?: string; unit?: string; inputMode?: 'decimal' | 'numeric' | 'text'; disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="pf-input">
        <input
          id={id} value={value} inputMode={inputMode} disabled={disabled} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        {unit && <span className="pf-unit" aria-hidden="true">{unit}</span>}
      </span>
      {problem && <small id={`${id}-problem`} className="pf-problem">{problem}</small>}
    </div>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="pf-group">
      <legend>{title}</legend>
      <div className="grid-3">{children}</div>
    </fieldset>
  );
}

/**
 * Every parameter of a subsidy policy as a field in 元, hours and percent (policy-form.ts converts
 * exactly), with the stored JSON (fen, basis points) under an advanced toggle that follows the form
 * and, edited, fills it. `fixed`: the code and region are the base policy's (a what-if changes
 * parameters only). `json`: what the JSON section holds — the document itself, or a what-if's overrides
 * (`toJson` from the document, `fromJson` back to a whole document).
 */
export function PolicyEditor({ form, onChange, problems, fixed = false, json }: {
  form: PolicyForm; onChange(form: PolicyForm): void; problems: Problems; fixed?: boolean;
  json?: { toJson(document: Record<string, unknown>): Record<string, unknown>; fromJson(value: Record<string, unknown>): Record<string, unknown> };
}) {
  const { t } = useI18n();
  const jsonId = useId();
  const out = policyOfForm(form);
  const [jsonText, setJsonText] = useState<string | null>(null);
  const [jsonError, setJsonError] = useState<string | null>(null);
  // The JSON shows the form's document (its last sound one while a field is wrong), unless the officer is typing JSON that does not parse yet.
  const lastSound = useRef('');
  if ('document' in out) lastSound.current = JSON.stringify(json ? json.toJson(out.document) : out.document, null, 2);
  const shown = jsonText ?? lastSound.current;
  const set = (patch: Partial<PolicyForm>) => {
    setJsonText(null);
    setJsonError(null);
    onChange({ ...form, ...patch });
  };
  const editJson = (text: string) => {
    setJsonText(text);
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('不是 JSON 对象');
      onChange(formOfPolicy(json ? json.fromJson(parsed as Record<string, unknown>) : (parsed as Record<string, unknown>)));
      setJsonError(null);
    } catch (error) {
      setJsonError(t('policies.badJson', { message: error instanceof Error ? error.message : String(error) }));
    }
  };
  const field = (key: Exclude<PolicyFormField, `factorPercent.${string}` | 'eligibleGrades' | 'excludedCategories'>, label: MessageKey, unit?: string, inputMode?: 'decimal' | 'numeric' | 'text') => (
    <Input label={t(label)} value={form[key] as string} onChange={(v) => set({ [key]: v })} problem={problems[key]} unit={unit} inputMode={inputMode} />
  );
  const toggle = <T extends string>(list: T[], item: T, on: boolean): T[] => (on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item));
  return (
    <div className="policy-editor">
      {!fixed && (
        <Group title={t('pf.basics')}>
          {field('code', 'pf.code', undefined, 'text')}
          {field('region', 'pf.region', undefined, 'text')}
        </Group>
      )}
      <Group title={t('pf.eligibility')}>
        {field('eligibleValueYuan', 'pf.eligibleValue', '元')}
        {field('benchmarkGeneralHours', 'pf.benchmarkGeneral', '小时', 'numeric')}
        {field('benchmarkSpecialisedHours', 'pf.benchmarkSpecialised', '小时', 'numeric')}
        {field('manualHoursFactorPercent', 'pf.manualHoursFactor', '%', 'numeric')}
      </Group>
      <Group title={t('pf.targets')}>
        {field('targetExternalSharePercent', 'pf.targetExternalShare', '%')}
        {field('minRatings', 'pf.minRatings', undefined, 'numeric')}
        {field('targetExternalInstitutions', 'pf.targetExternalInstitutions', '家', 'numeric')}
      </Group>
      <Group title={t('pf.grades')}>
        {field('bandExcellent', 'pf.bandExcellent', '分')}
        {field('bandGood', 'pf.bandGood', '分')}
        {field('bandPass', 'pf.bandPass', '分')}
        {field('excellentQuota', 'pf.excellentQuota', '家', 'numeric')}
        <fieldset className="pf-checks" aria-invalid={problems.eligibleGrades ? true : undefined}>
          <legend>{t('pf.eligibleGrades')}</legend>
          {POLICY_GRADES.map((g) => (
            <label key={g} className="check">
              <input type="checkbox" checked={form.eligibleGrades.includes(g)} onChange={(e) => set({ eligibleGrades: POLICY_GRADES.filter((x) => toggle(form.eligibleGrades, g, e.target.checked).includes(x)) })} />{' '}
              {t(`grade.${g}` as MessageKey)}
            </label>
          ))}
          {problems.eligibleGrades && <small className="pf-problem">{problems.eligibleGrades}</small>}
        </fieldset>
      </Group>
      <Group title={t('pf.subsidy')}>
        {field('minExternalHours', 'pf.minExternalHours', '小时', 'numeric')}
        {field('ratePercent', 'pf.rate', '%')}
        {POLICY_GRADES.map((g) => (
          <Input
            key={g} label={t('pf.factor', { grade: t(`grade.${g}` as MessageKey) })} value={form.factorPercent[g]} unit="%" inputMode="numeric"
            onChange={(v) => set({ factorPercent: { ...form.factorPercent, [g]: v } })} problem={problems[`factorPercent.${g}`]}
          />
        ))}
        {field('perInstrumentCapYuan', 'pf.perInstrumentCap', '元')}
        {field('perInstitutionCapYuan', 'pf.perInstitutionCap', '元')}
        {field('budgetYuan', 'pf.budget', '元')}
        <fieldset className="pf-checks">
          <legend>{t('pf.excluded')}</legend>
          {POLICY_CATEGORIES.map((c) => (
            <label key={c} className="check">
              <input type="checkbox" checked={form.excludedCategories.includes(c)} onChange={(e) => set({ excludedCategories: toggle(form.excludedCategories, c, e.target.checked) })} />{' '}
              {t(`category.${c}` as MessageKey)}
            </label>
          ))}
        </fieldset>
      </Group>
      <details className="pf-json">
        <summary>{t('pf.json')}</summary>
        <label htmlFor={jsonId} className="muted">{t('pf.jsonHint')}</label>
        <textarea id={jsonId} className="code" rows={14} value={shown} onChange={(e) => editJson(e.target.value)} spellCheck={false} />
        {jsonError && (
          <p role="alert" className="notice notice-error">
            {jsonError}
          </p>
        )}
      </details>
    </div>
  );
}
