package io.github.modemvoice.cli;

import io.github.modemvoice.internal.AtomicFiles;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.web.Passwords;
import io.github.modemvoice.web.WebMailbox;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.function.Supplier;

/** The web mailbox's options, shared by {@code serve} and {@code answer} (a picocli mixin). */
final class WebOptions {
    /** The address {@code serve} listens on when none is given. */
    static final String DEFAULT_HTTP = "127.0.0.1:8080";

    @Option(names = "--http", paramLabel = "ADDRESS:PORT",
            description = "Serve the web mailbox here, e.g. 127.0.0.1:8080 or 0.0.0.0:8080 (off unless given).")
    String http;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "The web mailbox password: plain text (mode 0600) or a hash from hash-password.")
    Path passwordFile;

    @Option(names = "--time-zone", paramLabel = "ZONE",
            description = "Time zone of the times the web mailbox shows, e.g. Europe/Berlin (default: the system's).")
    String timeZone;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Serve HTTPS with this PKCS#12 keystore.")
    Path tlsKeystore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "The keystore's password (first line).")
    Path tlsPasswordFile;

    @Option(names = "--secure-cookies",
            description = "Mark cookies Secure without --tls-keystore (behind a reverse proxy that serves HTTPS).")
    boolean secureCookies;

    /**
     * @param text {@code ADDRESS:PORT}, {@code [IPv6]:PORT} or {@code PORT} (then 127.0.0.1)
     * @return the socket address
     * @throws IllegalArgumentException naming {@code --http}
     */
    static InetSocketAddress parseAddress(String text) {
        String host = "127.0.0.1";
        String port = text;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw new BadOptionException("--http", "--http: expected [IPv6]:PORT, was " + text);
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else if (text.indexOf(':') >= 0) {
            host = text.substring(0, text.lastIndexOf(':'));
            port = text.substring(text.lastIndexOf(':') + 1);
            if (host.isEmpty() || host.indexOf(':') >= 0) {
                throw new BadOptionException("--http", "--http: expected ADDRESS:PORT (IPv6 in brackets), was " + text);
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new BadOptionException("--http", "--http: the port must be a number, was " + port);
        }
        if (p < 0 || p > 65535) {
            throw new BadOptionException("--http", "--http: the port must be 0 to 65535, was " + p);
        }
        return new InetSocketAddress(host, p);
    }

    /** The password, read by {@link #validate} (before any modem is opened). */
    private Passwords passwords;

    /**
     * Checks the options and reads the password file without starting anything.
     *
     * @param required whether --http is implied
     * @throws IllegalArgumentException naming the option of a bad value or a missing one
     * @throws ConfigException          naming the file when the password or keystore password file cannot be used
     */
    void validate(boolean required) {
        if (http == null && !required) {
            if (passwordFile != null || tlsKeystore != null) {
                throw new IllegalArgumentException("--password-file and --tls-keystore need --http");
            }
            return;
        }
        InetSocketAddress address = address();
        if (passwordFile == null) {
            throw new IllegalArgumentException("--password-file is required with --http (the mailbox needs a login)");
        }
        if (tlsKeystore != null && tlsPasswordFile == null) {
            throw new IllegalArgumentException("--tls-password-file is required with --tls-keystore");
        }
        zone();
        try {
            passwords = Passwords.fromFile(passwordFile);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--password-file", e.getMessage(), e); // a secret file: a configuration error
        }
        if (tlsKeystore != null) {
            firstLine(tlsPasswordFile, "--tls-password-file");
            if (!Files.isReadable(tlsKeystore) || Files.isDirectory(tlsKeystore)) {
                throw new ConfigException("--tls-keystore", "--tls-keystore: cannot read " + tlsKeystore + ": "
                        + (Files.exists(tlsKeystore) ? (Files.isDirectory(tlsKeystore) ? "a directory" : "permission denied")
                        : "no such file or directory"), null);
            }
        }
        requireFree(address);
    }

    /** @return the address of {@code --http}, or {@link #DEFAULT_HTTP} when it is implied ({@code serve}) */
    private InetSocketAddress address() {
        return parseAddress(http == null ? DEFAULT_HTTP : http);
    }

    /**
     * Says now, before a modem is opened, when another program already listens on the address:
     * binds it once and lets go (a program that takes it in between is caught when the mailbox starts).
     */
    private static void requireFree(InetSocketAddress address) {
        if (address.getPort() == 0) {
            return; // any free port
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(address);
        } catch (IOException e) {
            throw unavailable(address, e);
        }
    }

    private static UnavailableException unavailable(InetSocketAddress address, IOException e) {
        return new UnavailableException("--http: cannot listen on " + address.getHostString() + ":" + address.getPort() + ": "
                + (e instanceof BindException ? "the address is in use or not this machine's (another serve or answer"
                + " running? choose another port)" : AtomicFiles.describe(e)), e);
    }

    private ZoneId zone() {
        if (timeZone == null) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new BadOptionException("--time-zone", "--time-zone: unknown zone " + timeZone);
        }
    }

    /**
     * Starts the web mailbox when {@code --http} was given (or {@code required}).
     *
     * @param required   whether to serve even without {@code --http} ({@code serve})
     * @param store      the messages
     * @param dir        the message directory for the status panel, or null
     * @param modemState the modem's state for the status panel, or null outside {@code answer}
     * @param out        progress output
     * @return the running mailbox, or null when not asked for
     */
    WebMailbox startIfAsked(boolean required, MessageStore store, Path dir, Supplier<String> modemState, Output out) {
        validate(required);
        if (http == null && !required) {
            return null;
        }
        WebMailbox.Builder b = WebMailbox.builder(store, passwords)
                .address(address())
                .zone(zone());
        if (dir != null) {
            b.directory(dir);
        }
        if (modemState != null) {
            b.modemState(modemState);
        }
        if (tlsKeystore != null) {
            b.tls(tlsKeystore, firstLine(tlsPasswordFile, "--tls-password-file").toCharArray());
        }
        if (secureCookies) {
            b.secureCookies(true);
        }
        WebMailbox web;
        try {
            web = b.start();
        } catch (UncheckedIOException e) {
            throw unavailable(address(), e.getCause());
        }
        InetSocketAddress a = web.address();
        out.step("web mailbox on " + (tlsKeystore != null ? "https" : "http") + "://"
                + (a.getAddress().getHostAddress().indexOf(':') >= 0 ? "[" + a.getAddress().getHostAddress() + "]"
                : a.getAddress().getHostAddress()) + ":" + a.getPort() + "/");
        return web;
    }

    /**
     * @param file   a secret file
     * @param option the option that named it, for the message
     * @return its first line, without surrounding white space
     * @throws ConfigException naming the option and the file when it cannot be read or its first line is empty
     */
    static String firstLine(Path file, String option) {
        String s;
        try {
            s = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(option, option + ": cannot read " + file + ": " + AtomicFiles.describe(e), e);
        }
        int nl = s.indexOf('\n');
        String first = (nl >= 0 ? s.substring(0, nl) : s).strip();
        if (first.isEmpty()) {
            throw new ConfigException(option, option + ": " + file + " is empty (its first line is the password)", null);
        }
        return first;
    }
}
