package io.github.modemvoice.at;

/** The final result code that ends an AT command's response. */
public enum FinalResult {
    /** {@code OK}. */
    OK,
    /** {@code CONNECT} (data or voice data mode follows). */
    CONNECT,
    /** {@code VCON} (V.253 voice connection). */
    VCON,
    /** {@code ERROR}. */
    ERROR,
    /** {@code +CME ERROR: <n>}. */
    CME_ERROR,
    /** {@code +CMS ERROR: <n>}. */
    CMS_ERROR,
    /** {@code NO CARRIER} (final only for dial and answer commands). */
    NO_CARRIER,
    /** {@code BUSY} (final only for dial and answer commands). */
    BUSY,
    /** {@code NO ANSWER} (final only for dial and answer commands). */
    NO_ANSWER,
    /** {@code NO DIALTONE}. */
    NO_DIALTONE;

    /** @return true for {@code OK}, {@code CONNECT} and {@code VCON} */
    public boolean isSuccess() {
        return this == OK || this == CONNECT || this == VCON;
    }
}
