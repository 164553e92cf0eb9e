import {
  DEFAULT_HOOK_BUDGET_MS,
  HOOK_BUDGET_ENV,
  MAX_HOOK_BUDGET_MS,
  MIN_HOOK_BUDGET_MS,
} from './config.constant';
import type { Env } from '../env.interface';

export interface HookBudget {
  ms: number;
  /** Set when the variable was given but unusable, and the default applies. */
  problem?: string;
}

/** How long a hook run may take as a whole, from `CCR_HOOK_TIMEOUT_MS`. */
export function hookBudget(env: Env): HookBudget {
  const raw = env[HOOK_BUDGET_ENV];
  if (raw === undefined || raw.trim() === '') return { ms: DEFAULT_HOOK_BUDGET_MS };
  const ms = Number(raw);
  if (Number.isInteger(ms) && ms >= MIN_HOOK_BUDGET_MS && ms <= MAX_HOOK_BUDGET_MS) return { ms };
  return {
    ms: DEFAULT_HOOK_BUDGET_MS,
    problem: `${HOOK_BUDGET_ENV}="${raw}" is not a whole number of milliseconds from ${MIN_HOOK_BUDGET_MS} to ${MAX_HOOK_BUDGET_MS}; using ${DEFAULT_HOOK_BUDGET_MS}`,
  };
}
