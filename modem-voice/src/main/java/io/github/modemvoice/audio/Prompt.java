package io.github.modemvoice.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable audio held in memory in the internal format: 16-bit signed little-endian mono
 * PCM at 8000 Hz. Arrays passed in and handed out are copied; for chunked playback without
 * copying the whole prompt use {@link #copyTo(int, byte[], int, int)} or
 * {@link #writeTo(OutputStream)}.
 *
 * <p>Generated tones start and end with a raised-cosine fade of {@value #FADE_MILLIS} ms
 * (shorter if the tone itself is shorter than four fades) so that they do not click.
 */
public final class Prompt {
    /** Length of the fade in and fade out of generated tones, in milliseconds. */
    public static final int FADE_MILLIS = 5;
    /** Frequency of the default voicemail beep, in Hz. */
    public static final double BEEP_HZ = 1000.0;
    /** Duration of the default voicemail beep. */
    public static final Duration BEEP_DURATION = Duration.ofMillis(500);
    /** Peak amplitude (0 to 1 of full scale) of the default voicemail beep. */
    public static final double BEEP_AMPLITUDE = 0.5;

    /** The largest prompt held in memory: about 37 hours, far beyond any sensible prompt. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 16;

    private static final Prompt EMPTY = new Prompt(new byte[0]);

    private final byte[] pcm;

    private Prompt(byte[] pcmOwned) {
        this.pcm = pcmOwned;
    }

    /**
     * Loads a WAV file and converts it, once, to the internal format (8000 Hz 16-bit mono): linear
     * PCM of 8, 16, 24 or 32 bits, IEEE float, A-law or mu-law, at any rate, mono, stereo or more
     * channels (mixed down by averaging; the rate changed by {@link Resampler}, with a low-pass at
     * 3.4-4 kHz so nothing above the telephone band folds back). A file already in the internal
     * format is taken byte for byte.
     *
     * @param file a WAV file
     * @return its audio at 8000 Hz 16-bit mono
     * @throws AudioFormatException if the file is malformed, too large, or in a format that cannot
     *                              be converted; the message names the file and the format found
     *                              (encoding, rate, channels, bits)
     * @throws io.github.modemvoice.ModemVoiceException if it cannot be read
     */
    public static Prompt fromWav(Path file) {
        WavInfo info = WavReader.inspect(file);
        if (!info.isInternalFormat()) {
            return new Prompt(WavConversion.toInternal(file, info));
        }
        if (info.dataLength() > MAX_BYTES) {
            throw new AudioFormatException(file, "too long for an in-memory prompt ("
                    + info.duration() + ")");
        }
        byte[] data = new byte[(int) info.dataLength()];
        try (InputStream in = WavReader.openPcm(file)) {
            int n = in.readNBytes(data, 0, data.length);
            if (n != data.length) {
                throw new AudioFormatException(file, "file shrank while being read");
            }
        } catch (IOException e) {
            throw WavReader.ioFailure(file, e);
        }
        return new Prompt(data);
    }

    /**
     * @param pcm 16-bit signed little-endian mono PCM at 8000 Hz (copied)
     * @return a prompt holding a copy of the samples
     * @throws IllegalArgumentException if the length is odd
     */
    public static Prompt ofPcm(byte[] pcm) {
        Objects.requireNonNull(pcm, "pcm");
        if ((pcm.length & 1) != 0) {
            throw new IllegalArgumentException(
                    "pcm length must be even (16-bit samples), was " + pcm.length);
        }
        return pcm.length == 0 ? EMPTY : new Prompt(pcm.clone());
    }

    /**
     * @param duration how long, rounded to the nearest sample
     * @return digital silence
     */
    public static Prompt silence(Duration duration) {
        return new Prompt(new byte[checkedBytes(Pcm.samplesFor(duration, "duration"))]);
    }

    /**
     * A sine tone with a {@value #FADE_MILLIS} ms raised-cosine fade in and out.
     *
     * @param hz        frequency, above 0 and below 4000 Hz (the Nyquist frequency)
     * @param duration  how long, rounded to the nearest sample
     * @param amplitude peak amplitude as a fraction of full scale, 0 to 1
     * @return the tone
     */
    public static Prompt tone(double hz, Duration duration, double amplitude) {
        checkFrequency(hz, "hz");
        checkAmplitude(amplitude);
        int n = checkedBytes(Pcm.samplesFor(duration, "duration")) / 2;
        double[] buf = new double[n];
        addSine(buf, hz, amplitude * Short.MAX_VALUE);
        return new Prompt(toPcm(fade(buf)));
    }

    /**
     * Two sines added, as used for DTMF digits, with a {@value #FADE_MILLIS} ms raised-cosine
     * fade in and out. Each component has half the given amplitude, so the sum never exceeds it.
     *
     * @param hz1       first frequency, above 0 and below 4000 Hz
     * @param hz2       second frequency, above 0 and below 4000 Hz
     * @param duration  how long, rounded to the nearest sample
     * @param amplitude peak amplitude of the sum as a fraction of full scale, 0 to 1
     * @return the tone pair
     */
    public static Prompt dualTone(double hz1, double hz2, Duration duration, double amplitude) {
        checkFrequency(hz1, "hz1");
        checkFrequency(hz2, "hz2");
        checkAmplitude(amplitude);
        int n = checkedBytes(Pcm.samplesFor(duration, "duration")) / 2;
        double[] buf = new double[n];
        addSine(buf, hz1, amplitude * Short.MAX_VALUE / 2);
        addSine(buf, hz2, amplitude * Short.MAX_VALUE / 2);
        return new Prompt(toPcm(fade(buf)));
    }

    /**
     * The default voicemail beep: {@value #BEEP_HZ} Hz for 500 ms at half of full scale
     * (about -6 dBFS peak). 500 ms is long enough to be heard as "the" beep after a greeting
     * and short enough that callers do not start speaking over it.
     *
     * @return the beep
     */
    public static Prompt beep() {
        return tone(BEEP_HZ, BEEP_DURATION, BEEP_AMPLITUDE);
    }

    /** @return a prompt of no samples */
    public static Prompt empty() {
        return EMPTY;
    }

    /**
     * @param others prompts to append after this one, in order
     * @return a new prompt: this one followed by the others
     */
    public Prompt concat(Prompt... others) {
        long total = pcm.length;
        for (Prompt p : others) {
            total += Objects.requireNonNull(p, "prompt").pcm.length;
        }
        byte[] out = new byte[checkedBytes(total / 2)];
        System.arraycopy(pcm, 0, out, 0, pcm.length);
        int at = pcm.length;
        for (Prompt p : others) {
            System.arraycopy(p.pcm, 0, out, at, p.pcm.length);
            at += p.pcm.length;
        }
        return new Prompt(out);
    }

    /** @return playing time */
    public Duration duration() {
        return Pcm.durationOf(sampleCount());
    }

    /** @return number of samples */
    public int sampleCount() {
        return pcm.length / 2;
    }

    /** @return number of bytes of PCM (twice the sample count) */
    public int byteLength() {
        return pcm.length;
    }

    /** @return a copy of the samples, 16-bit signed little-endian */
    public byte[] pcm() {
        return pcm.clone();
    }

    /**
     * @param index sample index, 0 to {@code sampleCount() - 1}
     * @return the sample value
     */
    public short sample(int index) {
        Objects.checkIndex(index, sampleCount());
        return Pcm.get(pcm, index * 2);
    }

    /**
     * Copies part of the PCM into a caller's buffer, for playback in frames.
     *
     * @param byteOffset where to start in this prompt's PCM
     * @param dst        destination
     * @param dstOff     where to write in {@code dst}
     * @param len        at most this many bytes
     * @return bytes copied: {@code min(len, byteLength() - byteOffset)}, 0 at the end
     */
    public int copyTo(int byteOffset, byte[] dst, int dstOff, int len) {
        Objects.checkFromIndexSize(dstOff, len, dst.length);
        if (byteOffset < 0 || byteOffset > pcm.length) {
            throw new IndexOutOfBoundsException("byteOffset " + byteOffset + " outside 0.." + pcm.length);
        }
        int n = Math.min(len, pcm.length - byteOffset);
        System.arraycopy(pcm, byteOffset, dst, dstOff, n);
        return n;
    }

    /**
     * @param out where to write all the PCM bytes; not closed
     * @throws IOException if writing fails
     */
    public void writeTo(OutputStream out) throws IOException {
        out.write(pcm);
    }

    /** @return an input stream over the PCM bytes (no copy) */
    public InputStream openStream() {
        return new java.io.ByteArrayInputStream(pcm);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prompt p && Arrays.equals(pcm, p.pcm);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pcm);
    }

    @Override
    public String toString() {
        return "Prompt[" + sampleCount() + " samples, " + duration() + "]";
    }

    private static int checkedBytes(long samples) {
        if (samples * 2 > MAX_BYTES) {
            throw new IllegalArgumentException("prompt too long: " + samples + " samples");
        }
        return (int) (samples * 2);
    }

    private static void checkFrequency(double hz, String name) {
        if (!(hz > 0 && hz < Pcm.SAMPLE_RATE / 2.0)) {
            throw new IllegalArgumentException(name + " must be above 0 and below 4000 Hz, was " + hz);
        }
    }

    private static void checkAmplitude(double amplitude) {
        if (!(amplitude >= 0 && amplitude <= 1)) {
            throw new IllegalArgumentException("amplitude must be between 0 and 1, was " + amplitude);
        }
    }

    private static void addSine(double[] buf, double hz, double peak) {
        double w = 2 * Math.PI * hz / Pcm.SAMPLE_RATE;
        for (int i = 0; i < buf.length; i++) {
            buf[i] += peak * Math.sin(w * i);
        }
    }

    private static double[] fade(double[] buf) {
        int fade = Math.min(Pcm.SAMPLE_RATE * FADE_MILLIS / 1000, buf.length / 4);
        for (int i = 0; i < fade; i++) {
            double g = 0.5 - 0.5 * Math.cos(Math.PI * (i + 0.5) / fade);
            buf[i] *= g;
            buf[buf.length - 1 - i] *= g;
        }
        return buf;
    }

    private static byte[] toPcm(double[] buf) {
        byte[] out = new byte[buf.length * 2];
        for (int i = 0; i < buf.length; i++) {
            Pcm.put(out, i * 2, Pcm.clamp16(buf[i]));
        }
        return out;
    }
}
