/** Font stack for keys, instances, stack traces and requests. */
export const MONOSPACE_FONT =
  '"SFMono-Regular", "JetBrains Mono", Menlo, Consolas, "Liberation Mono", monospace';
