/** Reusable pieces of the console's pages. */
export { UsageBar, type UsageBarProps } from './UsageBar';
export { ConditionList } from './ConditionList';
export { Table, type Column, type TableProps } from './Table';
export { ErrorBanner } from './ErrorBanner';
export { RelativeAge, useNow } from './RelativeAge';
export { usageLevel, usagePercent, type UsageLevel } from './usage';
