/** A problem the writer can fix (a missing file, broken content): printed as is, exit code 1. */
export class ReportError extends Error {}
