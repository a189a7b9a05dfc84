package io.github.modemvoice.testing;

import io.github.modemvoice.voicemail.MessageStore;
import io.github.modemvoice.voicemail.RecordingInProgress;
import io.github.modemvoice.voicemail.VoicemailMessage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A MessageStore that forwards everything; tests override the step that fails or is observed. */
public class ForwardingMessageStore implements MessageStore {
    /** The store forwarded to. */
    protected final MessageStore d;

    /** @param d the store forwarded to */
    public ForwardingMessageStore(MessageStore d) {
        this.d = d;
    }

    @Override
    public Path recordingFile(String id) {
        return d.recordingFile(id);
    }

    @Override
    public Path beginRecording(RecordingInProgress info) {
        return d.beginRecording(info);
    }

    @Override
    public VoicemailMessage store(VoicemailMessage message, Path recording) {
        return d.store(message, recording);
    }

    @Override
    public void discardRecording(String id) {
        d.discardRecording(id);
    }

    @Override
    public List<VoicemailMessage> list() {
        return d.list();
    }

    @Override
    public Optional<VoicemailMessage> get(String id) {
        return d.get(id);
    }

    @Override
    public InputStream openAudio(String id) {
        return d.openAudio(id);
    }

    @Override
    public VoicemailMessage markHeard(String id, boolean heard) {
        return d.markHeard(id, heard);
    }

    @Override
    public VoicemailMessage updateTranscript(String id, String transcript, Optional<String> error) {
        return d.updateTranscript(id, transcript, error);
    }

    @Override
    public boolean delete(String id) {
        return d.delete(id);
    }

    @Override
    public List<VoicemailMessage> recover() {
        return d.recover();
    }

    @Override
    public void close() {
        d.close();
    }
}
