/** One key per unordered pair of content ids ("3:7" for 3–7 and 7–3): pair answers, pair lists. */
export const pairKey = (a: number, b: number): string => (a < b ? `${a}:${b}` : `${b}:${a}`);
