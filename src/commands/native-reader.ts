/** The reader module, loaded only when an instance opts into native reads (it brings fzstd). */
export type ReaderModule = typeof import('../reader/index.js');

/** An open reader, as the instance and the commands it answers use it. */
export type NativeReader = Awaited<ReturnType<ReaderModule['ResticReader']['open']>>;
