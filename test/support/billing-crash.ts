/**
 * The crash the billing e2e test provokes: the controller process exits (EXIT_BEFORE_STATUS_CODE)
 * right after the named provider answered with a new customer id and before that id is written to
 * the Organization's status.
 */
export const EXIT_BEFORE_STATUS_CODE = 86;

/** A BillingReconciler `beforeRecord` hook that exits the process for `provider`. */
export function exitBeforeStatus(provider: string): (p: string) => void {
  return (p) => {
    if (p !== provider) return;
    process.stderr.write(`billing: exiting before recording the ${p} customer id\n`);
    process.exit(EXIT_BEFORE_STATUS_CODE);
  };
}
