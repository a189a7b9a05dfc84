package io.github.modemvoice.at;

/**
 * Receives DLE-shielded codes ({@code 0x10} followed by one byte) that arrive on the AT port in
 * command mode, as V.253 voice modems send them. Runs on the reader thread: must not block.
 */
@FunctionalInterface
public interface DleListener {
    /** @param code the byte after DLE */
    void onDle(int code);
}
