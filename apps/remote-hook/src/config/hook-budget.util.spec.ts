import { hookBudget } from './hook-budget.util';

describe('hookBudget', () => {
  it('is 3 s unless CCR_HOOK_TIMEOUT_MS says otherwise', () => {
    expect(hookBudget({})).toEqual({ ms: 3000 });
    expect(hookBudget({ CCR_HOOK_TIMEOUT_MS: '1500' })).toEqual({ ms: 1500 });
  });

  it('falls back to 3 s, saying why, for a value it cannot use', () => {
    for (const raw of ['abc', '10', '1.5', '999999']) {
      const budget = hookBudget({ CCR_HOOK_TIMEOUT_MS: raw });
      expect(budget.ms).toBe(3000);
      expect(budget.problem).toContain(`CCR_HOOK_TIMEOUT_MS="${raw}"`);
    }
  });
});
