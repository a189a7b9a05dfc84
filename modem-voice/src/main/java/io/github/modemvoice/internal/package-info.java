/**
 * Helpers shared by the library's packages that are not API and may change without notice:
 * deadlines, the drop-oldest PCM queue, sections under a lock ({@code Locks}), the library's named daemon threads ({@code Threads}), argument checks (positive durations, DTMF keys),
 * interrupt-preserving clean-up and durable file writes ({@code AtomicFiles}). Applications must not use them.
 */
package io.github.modemvoice.internal;
