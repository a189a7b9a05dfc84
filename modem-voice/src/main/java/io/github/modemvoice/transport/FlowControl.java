package io.github.modemvoice.transport;

/**
 * Flow control on a serial line.
 *
 * <p>ITU-T V.253 voice modems and most USB cellular modules are meant to be used with
 * {@link #RTS_CTS}; USB CDC-ACM ports and pseudo-terminals ignore the setting. Avoid
 * {@link #XON_XOFF} on any port that carries audio or other binary data: the bytes 0x11 and
 * 0x13 would be swallowed by the line discipline.
 */
public enum FlowControl {
    /** No flow control (the default). */
    NONE,
    /** Hardware flow control on the RTS and CTS lines. */
    RTS_CTS,
    /** Software flow control with XON (0x11) and XOFF (0x13) bytes, in both directions. */
    XON_XOFF
}
