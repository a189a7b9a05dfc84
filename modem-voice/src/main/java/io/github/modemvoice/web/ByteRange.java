package io.github.modemvoice.web;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an HTTP {@code Range} request (RFC 9110 section 14): {@code bytes=a-b},
 * {@code bytes=a-} or {@code bytes=-n}. A header in another unit, or asking for several ranges,
 * is ignored (the whole file is sent, as section 14.2 allows); a malformed or unsatisfiable
 * {@code bytes} range is rejected (416, also allowed there).
 *
 * @param first the first byte, inclusive
 * @param last  the last byte, inclusive
 */
record ByteRange(long first, long last) {
    private static final Pattern ONE = Pattern.compile("bytes=\\s*(\\d{0,18})-(\\d{0,18})\\s*");

    /** A {@code bytes} range that cannot be served. */
    static final class Unsatisfiable extends Exception {
        Unsatisfiable(String why) {
            super(why, null, false, false);
        }
    }

    /** @return the number of bytes */
    long length() {
        return last - first + 1;
    }

    /**
     * @param header the {@code Range} header, or null
     * @param size   the file's size
     * @return the range to send, or empty for the whole file
     * @throws Unsatisfiable for a malformed or unsatisfiable {@code bytes} range
     */
    static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Optional.empty(); // another unit: ignored
        }
        h = "bytes=" + h.substring(6);
        if (h.indexOf(',') >= 0) {
            return Optional.empty(); // several ranges: the whole file instead of multipart/byteranges
        }
        Matcher m = ONE.matcher(h);
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            throw new Unsatisfiable("malformed range");
        }
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0 || size == 0) {
                throw new Unsatisfiable("empty suffix range");
            }
            return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
        if (last < first) {
            throw new Unsatisfiable("last byte before first");
        }
        if (first >= size) {
            throw new Unsatisfiable("range starts past the end");
        }
        return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
    }
}
