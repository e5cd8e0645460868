/**
 * Skills with proficiency. An agent has skills with levels (`AgentConfig.skills`); a chat may require skills with a
 * minimum level (`chat.start { skills }`). A missing skill is level 0, and a required level of 0 (after relaxing)
 * needs nothing. Each relaxation step reached lowers every required level by one.
 *
 * @example
 * ```ts
 * meetsSkills(new Map([['de', 3]]), { de: 2 }, 0); // true
 * meetsSkills(new Map([['de', 1]]), { de: 2 }, 0); // false
 * meetsSkills(new Map([['de', 1]]), { de: 2 }, 1); // true: one step relaxed
 * ```
 */
export function meetsSkills(agentSkills: ReadonlyMap<string, number> | undefined, required: Readonly<Record<string, number>> | undefined, relaxed: number): boolean {
  if (required === undefined) return true;
  for (const skill in required) {
    const level = (required[skill] as number) - relaxed;
    if (level > 0 && (agentSkills?.get(skill) ?? 0) < level) return false;
  }
  return true;
}

/** How many relaxation steps a chat that has waited `waitedMs` has reached. */
export function relaxedSteps(relaxAfterMs: readonly number[], waitedMs: number): number {
  let steps = 0;
  for (const after of relaxAfterMs) if (after <= waitedMs) steps++;
  return steps;
}

/** Proficiency of an agent for a chat: the sum of the agent's levels in the required skills (higher is preferred). */
export function proficiency(agentSkills: ReadonlyMap<string, number> | undefined, required: Readonly<Record<string, number>> | undefined): number {
  if (required === undefined || agentSkills === undefined) return 0;
  let score = 0;
  for (const skill in required) score += agentSkills.get(skill) ?? 0;
  return score;
}
