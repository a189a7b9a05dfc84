package io.github.modemvoice.audio;

import java.time.Duration;
import java.util.Objects;

/**
 * DTMF keys and their frequencies (ITU-T Q.23): low group (rows) 697, 770, 852, 941 Hz; high
 * group (columns) 1209, 1336, 1477, 1633 Hz.
 *
 * <pre>
 *          1209  1336  1477  1633
 *    697     1     2     3     A
 *    770     4     5     6     B
 *    852     7     8     9     C
 *    941     *     0     #     D
 * </pre>
 */
public final class Dtmf {
    /** Low-group frequencies in Hz, by row. */
    static final int[] ROWS = {697, 770, 852, 941};
    /** High-group frequencies in Hz, by column. */
    static final int[] COLUMNS = {1209, 1336, 1477, 1633};
    /** Keys by row and column. */
    static final char[][] KEYS = {
        {'1', '2', '3', 'A'},
        {'4', '5', '6', 'B'},
        {'7', '8', '9', 'C'},
        {'*', '0', '#', 'D'},
    };
    /** All sixteen keys. */
    public static final String KEYS_ALL = "123A456B789C*0#D";
    /** Default composite peak amplitude of generated digits: 0.5 of full scale (each tone -12 dBFS peak). */
    public static final double DEFAULT_AMPLITUDE = 0.5;

    private Dtmf() {
    }

    /**
     * The pair of frequencies of a key.
     *
     * @param lowHz  the low-group (row) frequency
     * @param highHz the high-group (column) frequency
     */
    public record Frequencies(int lowHz, int highHz) {
    }

    /**
     * @param key one of 0-9, *, #, A-D (a-d accepted)
     * @return true if it is a DTMF key
     */
    public static boolean isKey(char key) {
        return KEYS_ALL.indexOf(Character.toUpperCase(key)) >= 0;
    }

    /**
     * @param key one of 0-9, *, #, A-D (a-d accepted)
     * @return its row and column frequencies
     * @throws IllegalArgumentException if it is not a DTMF key
     */
    public static Frequencies frequencies(char key) {
        int i = KEYS_ALL.indexOf(Character.toUpperCase(key));
        if (i < 0) {
            throw new IllegalArgumentException("not a DTMF key: '" + key + "'");
        }
        return new Frequencies(ROWS[i / 4], COLUMNS[i % 4]);
    }

    /**
     * A DTMF digit at the {@link #DEFAULT_AMPLITUDE default amplitude}.
     *
     * @param key      one of 0-9, *, #, A-D
     * @param duration how long; 40 ms or more is recognised by a Q.24 receiver, 70-100 ms is usual
     * @return the tone pair (with 5 ms fades, see {@link Prompt#dualTone})
     */
    public static Prompt tone(char key, Duration duration) {
        return tone(key, duration, DEFAULT_AMPLITUDE);
    }

    /**
     * @param key       one of 0-9, *, #, A-D
     * @param duration  how long
     * @param amplitude composite peak amplitude, 0 to 1 of full scale; each tone gets half
     * @return the tone pair
     */
    public static Prompt tone(char key, Duration duration, double amplitude) {
        Frequencies f = frequencies(key);
        return Prompt.dualTone(f.lowHz(), f.highHz(), duration, amplitude);
    }

    /**
     * @param keys  the digits to dial, each a DTMF key
     * @param tone  duration of each digit
     * @param pause silence after each digit
     * @return the digits with pauses, as one prompt
     */
    public static Prompt sequence(CharSequence keys, Duration tone, Duration pause) {
        Objects.requireNonNull(keys, "keys");
        Prompt gap = Prompt.silence(pause);
        Prompt[] parts = new Prompt[keys.length() * 2];
        for (int i = 0; i < keys.length(); i++) {
            parts[2 * i] = tone(keys.charAt(i), tone);
            parts[2 * i + 1] = gap;
        }
        return Prompt.empty().concat(parts);
    }
}
