package io.github.modemvoice.call;

import io.github.modemvoice.audio.CallProgressDetector;
import io.github.modemvoice.audio.CallProgressTone;
import io.github.modemvoice.audio.SilenceDetector;

import java.util.Set;

/**
 * One recording's watch for exchange tones ({@link ModemConfig#callProgressTones()}): fed the
 * same audio as the silence detector, it says when the caller has gone, where the tone began
 * and whether the caller spoke before it. Kept apart from the recording loop's silence logic on
 * purpose. Not thread-safe.
 */
final class LineTones {
    /** Null when tone detection is off. */
    private final CallProgressDetector detector;
    /** Where speech was first confirmed, in samples from the recording's start; -1: not yet. */
    private long speechAt = -1;

    /** @param plans the plans to detect; empty: off */
    LineTones(Set<CallProgressTone.Plan> plans) {
        this.detector = plans.isEmpty() ? null : new CallProgressDetector(plans);
    }

    /**
     * Feeds recorded audio, after {@code silence} was fed it.
     *
     * @return the tone, once heard; null while none (or when off)
     */
    CallProgressDetector.Detection accept(byte[] pcm, int off, int len, SilenceDetector silence) {
        if (speechAt < 0 && silence.speechStarted()) {
            speechAt = silence.processedSamples();
        }
        if (detector == null) {
            return null;
        }
        detector.accept(pcm, off, len);
        return detector.detection().orElse(null);
    }

    /** @return whether the caller spoke: before the tone, when one was heard */
    boolean speechBeforeTone() {
        CallProgressDetector.Detection tone = detector == null ? null : detector.detection().orElse(null);
        return speechAt >= 0 && (tone == null || speechAt <= tone.startSample());
    }

    /**
     * @param keep the bytes the recording would keep
     * @return that, cut where the tone began; nothing at all when the caller said nothing before it
     */
    long trim(long keep) {
        CallProgressDetector.Detection tone = detector == null ? null : detector.detection().orElse(null);
        if (tone == null) {
            return keep;
        }
        return speechBeforeTone() ? Math.min(keep, tone.startSample() * 2) : 0;
    }
}
