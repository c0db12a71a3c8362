/** The app's tabs, in order. */
export const TABS = [
  { id: 'gallery', label: 'Gallery' },
  { id: 'duplicates', label: 'Duplicates' },
  { id: 'clusters', label: 'Clusters' },
  { id: 'outliers', label: 'Outliers' },
  { id: 'map', label: 'Map' },
  { id: 'balance', label: 'Balance' },
  { id: 'train', label: 'Train' },
  { id: 'classify', label: 'Classify' },
  { id: 'export', label: 'Export' },
] as const;

export type TabId = (typeof TABS)[number]['id'];

export function isTab(id: string): id is TabId {
  return TABS.some((t) => t.id === id);
}
