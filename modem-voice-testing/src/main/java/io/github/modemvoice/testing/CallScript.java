package io.github.modemvoice.testing;

import io.github.modemvoice.audio.CallProgressTone;
import io.github.modemvoice.audio.Prompt;
import io.github.modemvoice.internal.DtmfKeys;
import io.github.modemvoice.internal.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a simulated caller does, from the first ring to the end of the call. Immutable; built
 * with {@link #builder()}.
 *
 * <pre>{@code
 * CallScript script = CallScript.builder()
 *         .caller("+4915112344567")
 *         .callerAudio(Path.of("audio/caller-sample.wav"))
 *         .ending(CallScript.Ending.KEY)
 *         .build();
 * }</pre>
 *
 * <p>The call goes like this: the modem rings (a {@code RING} every {@link #ringInterval()},
 * caller id after the first) at most {@link #rings()} times. If the host answers and switches
 * PCM on, the caller waits for the host's prompts to finish (the host's PCM started and then
 * paused for {@link #hostPause()}, or a fixed {@link #speakAfter()} delay), speaks
 * {@link #callerAudio()} in real time, and then ends the call as {@link #ending()} says. The host
 * hanging up ends the call at any moment.
 *
 * @param number          the caller's number, empty when withheld
 * @param rings           how many times it rings before the caller gives up (a missed call)
 * @param ringInterval    the time between rings
 * @param callerAudio     what the caller says (16-bit LE mono PCM at 8000 Hz)
 * @param hostPause       the pause in the host's audio that tells the caller the prompts are
 *                        over; used when {@code speakAfter} is empty
 * @param hostPromptTimeout how long the caller waits for the host to start playing anything
 *                        before speaking anyway
 * @param speakAfter      a fixed delay after the audio is switched on, instead of listening
 *                        for the host's pause
 * @param ending          how the call ends after the caller has spoken
 * @param finishKey       the key sent by {@link Ending#KEY}
 * @param hangupTimeout   how long (real time) the caller waits for the host to hang up before
 *                        hanging up itself, in the endings that wait for the host
 * @param presses         keys the caller presses at given times after the call was answered,
 *                        in time order, whatever the audio is doing (also before the host has
 *                        switched the audio path on)
 * @param lineTone        the exchange tone {@link Ending#LINE_TONE} plays into the line
 */
public record CallScript(String number, int rings, Duration ringInterval, Prompt callerAudio, Duration hostPause,
                         Duration hostPromptTimeout, Optional<Duration> speakAfter, Ending ending, char finishKey,
                         Duration hangupTimeout, List<KeyPress> presses, CallProgressTone lineTone) {

    /**
     * A key the caller presses.
     *
     * @param key   {@code 0-9 * # A-D}
     * @param after the time after the answer (the host's answer command) at which it is pressed
     */
    public record KeyPress(char key, Duration after) {
        /** Validates. */
        public KeyPress {
            DtmfKeys.requireKey("key", key);
            Objects.requireNonNull(after, "after");
            if (after.isNegative()) {
                throw new IllegalArgumentException("after must not be negative, was " + after);
            }
        }
    }

    /** How the caller ends the call after speaking. */
    public enum Ending {
        /** Presses the finish key ({@code +DTMF: #} / {@code +QTONEDET: 35}), then waits on the line for the host to hang up. */
        KEY,
        /** Hangs up ({@code VOICE CALL: END: HHMMSS} on SIMCom, {@code NO CARRIER} on Quectel). */
        HANGUP,
        /** Stays on the line in silence until the host hangs up (bounded by the hangup timeout). */
        SILENCE,
        /** Keeps talking (the caller audio, looped) until the host hangs up (bounded by the hangup timeout). */
        LENGTH_LIMIT,
        /** The line is lost: end of file on both ports (mock mode), socat killed (pseudo-terminal mode). */
        DROP_LINE,
        /**
         * The caller hangs up on an analog line whose exchange does not tell the modem: no
         * {@code DLE b}/{@code DLE d}, no {@code NO CARRIER}; the exchange plays
         * {@link CallScript#lineTone()} (busy, congestion, dial tone or SIT, looped) into the
         * line until the host hangs up (bounded by the hangup timeout).
         */
        LINE_TONE,
        /**
         * Only rings: after {@link CallScript#rings()} rings the caller gives up
         * ({@code MISSED_CALL: <time> <number>} on SIMCom, {@code NO CARRIER} on Quectel). Should
         * the host answer anyway, the caller hangs up at once.
         */
        NO_ANSWER
    }

    /** Validates. */
    public CallScript {
        Objects.requireNonNull(number, "number");
        if (rings < 1) {
            throw new IllegalArgumentException("rings must be at least 1, was " + rings);
        }
        positive("ringInterval", ringInterval);
        Objects.requireNonNull(callerAudio, "callerAudio");
        positive("hostPause", hostPause);
        positive("hostPromptTimeout", hostPromptTimeout);
        Objects.requireNonNull(speakAfter, "speakAfter");
        if (speakAfter.isPresent() && speakAfter.get().isNegative()) {
            throw new IllegalArgumentException("speakAfter must not be negative, was " + speakAfter.get());
        }
        Objects.requireNonNull(ending, "ending");
        DtmfKeys.requireKey("finishKey", finishKey);
        positive("hangupTimeout", hangupTimeout);
        List<KeyPress> sorted = new ArrayList<>(Objects.requireNonNull(presses, "presses"));
        sorted.sort(Comparator.comparing(KeyPress::after));
        presses = List.copyOf(sorted);
        Objects.requireNonNull(lineTone, "lineTone");
    }

    private static void positive(String field, Duration d) {
        Durations.requirePositive(field, d);
    }

    /** @return true when the caller withholds the number */
    public boolean withheld() {
        return number.isEmpty();
    }

    /** @return a builder with the defaults: a caller from Germany, 5 rings 1 s apart, 3 s of tone as voice, hangup */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link CallScript}; every setting has a default. */
    public static final class Builder {
        private String number = "+4915112344567";
        private int rings = 5;
        private Duration ringInterval = Duration.ofSeconds(1);
        private Prompt callerAudio = Prompt.tone(440, Duration.ofSeconds(3), 0.3);
        private Duration hostPause = Duration.ofMillis(300);
        private Duration hostPromptTimeout = Duration.ofSeconds(3);
        private Duration speakAfter;
        private Ending ending = Ending.HANGUP;
        private char finishKey = '#';
        private Duration hangupTimeout = Duration.ofSeconds(60);
        private final List<KeyPress> presses = new ArrayList<>();
        private CallProgressTone lineTone = CallProgressTone.NORTH_AMERICA_BUSY;

        private Builder() {
        }

        /**
         * @param number the caller's number as the network presents it, e.g. {@code +4915112344567}
         * @return this
         */
        public Builder caller(String number) {
            Objects.requireNonNull(number, "number");
            if (number.isBlank() || number.contains("\"")) {
                throw new IllegalArgumentException("caller number must be non-blank and without quotes, was \"" + number + "\"");
            }
            this.number = number;
            return this;
        }

        /** The caller withholds the number. @return this */
        public Builder callerWithheld() {
            this.number = "";
            return this;
        }

        /**
         * @param n rings before the caller gives up
         * @return this
         */
        public Builder rings(int n) {
            this.rings = n;
            return this;
        }

        /**
         * @param d time between rings (default 1 s)
         * @return this
         */
        public Builder ringInterval(Duration d) {
            this.ringInterval = d;
            return this;
        }

        /**
         * @param audio what the caller says
         * @return this
         */
        public Builder callerAudio(Prompt audio) {
            this.callerAudio = audio;
            return this;
        }

        /**
         * @param wav a WAV file in the internal format (8000 Hz, 16-bit, mono), e.g.
         *            {@code audio/caller-sample.wav}
         * @return this
         * @throws io.github.modemvoice.audio.AudioFormatException when it is not in that format
         */
        public Builder callerAudio(Path wav) {
            this.callerAudio = Prompt.fromWav(wav);
            return this;
        }

        /**
         * @param d the pause in the host's audio after which the caller speaks (default 300 ms)
         * @return this
         */
        public Builder hostPause(Duration d) {
            this.hostPause = d;
            this.speakAfter = null;
            return this;
        }

        /**
         * @param d how long to wait for the host to play anything before speaking anyway (default 3 s)
         * @return this
         */
        public Builder hostPromptTimeout(Duration d) {
            this.hostPromptTimeout = d;
            return this;
        }

        /**
         * @param d speak this long after the host switched audio on, instead of listening for a pause
         * @return this
         */
        public Builder speakAfter(Duration d) {
            this.speakAfter = d;
            return this;
        }

        /**
         * @param e how the call ends (default {@link Ending#HANGUP})
         * @return this
         */
        public Builder ending(Ending e) {
            this.ending = e;
            return this;
        }

        /**
         * The caller hangs up after speaking and the exchange plays {@code tone} into the line,
         * as an analog exchange does that does not signal the hang-up ({@link Ending#LINE_TONE}).
         *
         * @param tone the tone, played as its plan's constants say
         * @return this
         */
        public Builder hangUpWithTone(CallProgressTone tone) {
            this.lineTone = Objects.requireNonNull(tone, "tone");
            this.ending = Ending.LINE_TONE;
            return this;
        }

        /**
         * @param key the key {@link Ending#KEY} presses (default {@code #})
         * @return this
         */
        public Builder finishKey(char key) {
            this.finishKey = key;
            return this;
        }

        /**
         * Presses a key at a given time after the answer, in addition to what the ending does;
         * call it several times for several keys.
         *
         * @param key   {@code 0-9 * # A-D}
         * @param after the time after the host's answer command
         * @return this
         */
        public Builder press(char key, Duration after) {
            presses.add(new KeyPress(key, after));
            return this;
        }

        /**
         * @param d how long the caller waits for the host to hang up (default 60 s)
         * @return this
         */
        public Builder hangupTimeout(Duration d) {
            this.hangupTimeout = d;
            return this;
        }

        /** @return the validated script */
        public CallScript build() {
            return new CallScript(number, rings, ringInterval, callerAudio, hostPause, hostPromptTimeout,
                    Optional.ofNullable(speakAfter), ending, finishKey, hangupTimeout, presses, lineTone);
        }
    }
}
