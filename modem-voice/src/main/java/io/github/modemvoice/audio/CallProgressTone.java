package io.github.modemvoice.audio;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The call-progress tones an exchange plays into a line whose caller has gone, with the
 * frequencies and cadences of each national plan. Each constant names its source; the
 * {@link CallProgressDetector} recognises them and the simulated modems play them
 * ({@link #prompt(Duration, double)}).
 *
 * <p>Sources, cited beside each constant (details and what each says: docs/MODEM-FACTS.md):
 * <ul>
 * <li>[E.180S2] ITU-T E.180 Supplement 2, "Various tones used in national networks", the
 *     per-country list (read as reproduced in the country/tone table "dialtone.txt" of the
 *     palmmicro PA1688 SDK: Germany busy 425 Hz 0.48/0.48 and 0.5/0.5 s, congestion 0.24/0.24
 *     and 0.2/0.2 s, dial 425 Hz continuous, special information tone 950/1400/1800 Hz
 *     3 &times; 0.33 s on, 1.0 s off);</li>
 * <li>[NA] the North American precise tone plan (ITU-T E.300-series Supplement 3, 1988, by
 *     title), values read from the AT&amp;T system manual's tone table (busy 480+620 Hz 500/500 ms,
 *     reorder 480+620 Hz 250/250 ms, dial 350+440 Hz continuous) and the Blueworx (IBM) voice
 *     response tone table (busy 500/500 ms, network busy 250/250 ms nominal, with limits);</li>
 * <li>[ETSI] the ETSI recommendation followed in the EU: busy 425 Hz 0.5 s on/off (as quoted in
 *     the encyclopedia article "Busy signal"); congestion 425 Hz 0.25/0.25 s, the most common
 *     congestion tone by country (3am Systems' world tone database guide);</li>
 * <li>[BT] the British network's tones, University of York "Telephone Tones" page (busy 400 Hz
 *     375/375 ms, equipment engaged 400 Hz 400/350/225/525 ms, dial 350+450 Hz continuous);</li>
 * <li>[SIT-NA] North American SIT codes: 913.8 or 985.2 Hz, 1370.6 or 1428.5 Hz, 1776.7 Hz,
 *     segments 274 or 380 ms (a central-office announcer manual as quoted in 2600's
 *     "touch_tone.txt"; the Blueworx table's limits 873-1029, 1309-1493, 1620-1857 Hz,
 *     220-460 ms).</li>
 * </ul>
 */
public enum CallProgressTone {
    /** North America busy: 480+620 Hz, 0.5 s on, 0.5 s off [NA]. */
    NORTH_AMERICA_BUSY(Plan.NORTH_AMERICA, Kind.BUSY, new int[] {480, 620}, new int[] {500, 500}),
    /** North America reorder (fast busy): 480+620 Hz, 0.25 s on, 0.25 s off [NA]. */
    NORTH_AMERICA_REORDER(Plan.NORTH_AMERICA, Kind.CONGESTION, new int[] {480, 620}, new int[] {250, 250}),
    /** North America dial tone: 350+440 Hz continuous [NA]. */
    NORTH_AMERICA_DIAL(Plan.NORTH_AMERICA, Kind.DIAL, new int[] {350, 440}, new int[0]),
    /**
     * CEPT busy: 425 Hz, 0.5 s on, 0.5 s off [ETSI]; Germany's older 0.48/0.48 s [E.180S2]
     * falls within the cadence tolerance.
     */
    CEPT_BUSY(Plan.CEPT, Kind.BUSY, new int[] {425}, new int[] {500, 500}),
    /**
     * CEPT congestion: 425 Hz, 0.25 s on, 0.25 s off [ETSI]; Germany's 0.24/0.24 s
     * [E.180S2] falls within the tolerance.
     */
    CEPT_CONGESTION(Plan.CEPT, Kind.CONGESTION, new int[] {425}, new int[] {250, 250}),
    /** CEPT congestion, short form: 425 Hz, 0.2 s on, 0.2 s off (Germany's "congestion tone II") [E.180S2]. */
    CEPT_CONGESTION_SHORT(Plan.CEPT, Kind.CONGESTION, new int[] {425}, new int[] {200, 200}),
    /** CEPT dial tone: 425 Hz continuous [ETSI], [E.180S2]. */
    CEPT_DIAL(Plan.CEPT, Kind.DIAL, new int[] {425}, new int[0]),
    /** UK busy: 400 Hz, 0.375 s on, 0.375 s off [BT]. */
    UK_BUSY(Plan.UNITED_KINGDOM, Kind.BUSY, new int[] {400}, new int[] {375, 375}),
    /**
     * UK equipment engaged (congestion): 400 Hz, 0.4 s on, 0.35 s off, 0.225 s on, 0.525 s off
     * [BT] (BS 6305 puts the 225 ms burst 6 dB above the 400 ms one).
     */
    UK_CONGESTION(Plan.UNITED_KINGDOM, Kind.CONGESTION, new int[] {400}, new int[] {400, 350, 225, 525}),
    /** UK dial tone: 350+450 Hz continuous [BT]. */
    UK_DIAL(Plan.UNITED_KINGDOM, Kind.DIAL, new int[] {350, 450}, new int[0]),
    /**
     * Special information tone: 950, 1400, 1800 Hz in turn, 330 ms each, then 1 s of silence
     * [E.180S2]. The detector's tolerances (&plusmn;50 Hz, 240-420 ms) take in the North American
     * SIT codes [SIT-NA].
     */
    SPECIAL_INFORMATION(Plan.ITU, Kind.SPECIAL_INFORMATION, new int[] {950, 1400, 1800}, new int[] {330, 330, 330, 1000});

    /** A national (or international) tone plan: the unit in which detection is configured. */
    public enum Plan {
        /** The North American precise audible tone plan [NA]. */
        NORTH_AMERICA,
        /** The CEPT/ETSI 425 Hz plan most of Europe follows [ETSI]. */
        CEPT,
        /** The British 400 Hz plan [BT]. */
        UNITED_KINGDOM,
        /** The ITU-T special information tone (ITU-T E.180/Q.35), used in many countries [E.180S2]. */
        ITU
    }

    /** What the tone tells the caller. */
    public enum Kind {
        /** The called line is busy. */
        BUSY,
        /** The network is congested (reorder, equipment engaged). */
        CONGESTION,
        /** The exchange is ready for digits: the line was cleared and re-seized. */
        DIAL,
        /** An intercepted call (number unobtainable, changed, network fault). */
        SPECIAL_INFORMATION
    }

    private final Plan plan;
    private final Kind kind;
    private final int[] frequencies;
    private final int[] cadence;

    CallProgressTone(Plan plan, Kind kind, int[] frequencies, int[] cadence) {
        this.plan = plan;
        this.kind = kind;
        this.frequencies = frequencies;
        this.cadence = cadence;
    }

    /** @return the plan the tone belongs to */
    public Plan plan() {
        return plan;
    }

    /** @return what the tone means */
    public Kind kind() {
        return kind;
    }

    /**
     * @return the frequencies in Hz: played together, or for {@link Kind#SPECIAL_INFORMATION} one
     *         after the other
     */
    public List<Integer> frequencies() {
        return java.util.Arrays.stream(frequencies).boxed().toList();
    }

    /**
     * @return the cadence in milliseconds, on and off in turn starting with on; empty for a
     *         continuous tone. For {@link Kind#SPECIAL_INFORMATION}: the three segments, then the pause
     */
    public List<Integer> cadenceMillis() {
        return java.util.Arrays.stream(cadence).boxed().toList();
    }

    /** @return true for a tone without cadence (dial tone) */
    public boolean continuous() {
        return cadence.length == 0;
    }

    int frequency(int i) {
        return frequencies[i];
    }

    int frequencyCount() {
        return frequencies.length;
    }

    int cadence(int i) {
        return cadence[i];
    }

    int cadenceLength() {
        return cadence.length;
    }

    /**
     * The tone as the exchange plays it, in whole cadence cycles, at least {@code atLeast} long
     * and a whole number of 20 ms frames (so that it can be looped frame by frame).
     *
     * @param atLeast   the shortest length wanted
     * @param amplitude peak amplitude of each frequency, relative to full scale (the sum of the
     *                  frequencies must stay within 1)
     * @return 16-bit LE mono PCM at 8000 Hz
     */
    public Prompt prompt(Duration atLeast, double amplitude) {
        Objects.requireNonNull(atLeast, "atLeast");
        if (!(amplitude > 0) || amplitude * (kind == Kind.SPECIAL_INFORMATION ? 1 : frequencies.length) > 1) {
            throw new IllegalArgumentException("amplitude must be positive and the tone within full scale, was "
                    + amplitude);
        }
        int cycleMillis = continuous() ? 1000 : java.util.Arrays.stream(cadence).sum();
        long wanted = Math.max(1, atLeast.toMillis());
        int cycles = (int) Math.max(1, (wanted + cycleMillis - 1) / cycleMillis);
        while ((long) cycles * cycleMillis % 20 != 0) {
            cycles++;
        }
        int samples = cycles * cycleMillis * Pcm.SAMPLE_RATE / 1000;
        byte[] pcm = new byte[samples * 2];
        for (int n = 0; n < samples; n++) {
            long ms = (long) n * 1000 / Pcm.SAMPLE_RATE % cycleMillis;
            double v = 0;
            int segment = segmentAt(ms);
            if (segment >= 0) {
                double t = (double) n / Pcm.SAMPLE_RATE;
                if (kind == Kind.SPECIAL_INFORMATION) {
                    v = amplitude * Math.sin(2 * Math.PI * frequencies[segment] * t);
                } else {
                    for (int f : frequencies) {
                        v += amplitude * Math.sin(2 * Math.PI * f * t);
                    }
                }
            }
            int s = (int) Math.round(v * 32767);
            pcm[2 * n] = (byte) s;
            pcm[2 * n + 1] = (byte) (s >> 8);
        }
        return Prompt.ofPcm(pcm);
    }

    /**
     * @return the index of the sounding segment at {@code ms} into the cycle (for SIT: 0, 1, 2,
     *         the index of its frequency; otherwise 0), or -1 in a pause
     */
    private int segmentAt(long ms) {
        if (continuous()) {
            return 0;
        }
        if (kind == Kind.SPECIAL_INFORMATION) {
            long end = 0;
            for (int i = 0; i < 3; i++) {
                end += cadence[i];
                if (ms < end) {
                    return i;
                }
            }
            return -1;
        }
        long end = 0;
        for (int i = 0; i < cadence.length; i++) {
            end += cadence[i];
            if (ms < end) {
                return i % 2 == 0 ? 0 : -1;
            }
        }
        return -1;
    }
}
