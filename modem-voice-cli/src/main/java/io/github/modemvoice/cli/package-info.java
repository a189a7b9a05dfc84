/**
 * The command line answering machine ({@code java -jar modem-voice-cli.jar}). Needs picocli and
 * an SLF4J binding, which the CLI jar bundles; library users do not inherit them (optional).
 */
package io.github.modemvoice.cli;
