package io.github.modemvoice.web;

import io.github.modemvoice.audio.WavWriter;
import io.github.modemvoice.call.TerminationReason;
import io.github.modemvoice.voicemail.CallerPrivacy;
import io.github.modemvoice.voicemail.MessageIds;
import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Stores messages with real audio (a 440 Hz tone) for the web mailbox's tests. */
public final class WebFixture {
    static final String PASSWORD = "correct horse battery";

    private WebFixture() {
    }

    /**
     * @param store      where to store
     * @param at         the start time
     * @param caller     the caller as stored
     * @param transcript the transcript
     * @param length     the audio's length
     * @return the stored message
     */
    public static VoicemailMessage store(MessageStore store, Instant at, String caller, String transcript, Duration length) {
        return store(store, at, caller, transcript, length, Optional.empty());
    }

    public static VoicemailMessage store(MessageStore store, Instant at, String caller, String transcript, Duration length,
                                  Optional<String> callerName) {
        String id = MessageIds.newId(at);
        Path part = store.recordingFile(id);
        int samples = (int) (length.toMillis() * 8);
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0)));
        }
        try (WavWriter w = WavWriter.create(part)) {
            w.write(pcm.array());
        }
        VoicemailMessage m = VoicemailMessage.builder().id(id).callId("call-1").caller(Optional.of(caller))
                .callerRedacted("+***4567").callerPolicy(CallerPrivacy.Policy.FULL).startedAt(at)
                .endedAt(at.plus(length)).duration(length).terminationReason(TerminationReason.FINISH_KEY)
                .finishKey(Optional.of('#')).transcript(transcript).callerName(callerName).build();
        return store.store(m, part);
    }
}
