/**
 * Modem families: {@link io.github.modemvoice.dialect.Dialect} and its implementations. Only
 * this package knows AT command strings; everything above speaks typed events and PCM.
 */
package io.github.modemvoice.dialect;
