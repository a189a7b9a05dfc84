package io.github.modemvoice.testing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What happened in one simulated call, for tests and the demo to check and show.
 *
 * @param script         the script the caller followed
 * @param answered       whether the host answered
 * @param endedBy        how the call ended
 * @param commands       the commands the host sent from the first ring to the end, in order
 * @param unknownCommands the commands among them the simulator did not understand (answered
 *                       {@code ERROR})
 * @param hostAudio      the PCM the host played during the call (16-bit LE mono, 8000 Hz)
 * @param callerAudioSent how much caller audio (speech, silence) went to the host
 * @param events         the steps, as sent to the {@link SimListener}
 */
public record SimulatedCallReport(CallScript script, boolean answered, EndedBy endedBy, List<String> commands,
                                  List<String> unknownCommands, byte[] hostAudio, Duration callerAudioSent,
                                  List<SimEvent> events) {

    /** How a simulated call ended. */
    public enum EndedBy {
        /** The caller hung up (script ending {@code HANGUP}, or a bound ran out). */
        CALLER,
        /** The host hung up ({@code AT+CHUP} / {@code ATH}) after answering. */
        HOST,
        /** The host rejected the call while it rang. */
        HOST_REJECTED,
        /** The host deflected the call while it rang. */
        HOST_DEFLECTED,
        /** The line was dropped. */
        LINE_DROPPED,
        /** Nobody answered; the caller gave up ringing. */
        MISSED,
        /** The simulator was closed during the call. */
        SIMULATOR_CLOSED
    }

    /** Copies. */
    public SimulatedCallReport {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(endedBy, "endedBy");
        commands = List.copyOf(commands);
        unknownCommands = List.copyOf(unknownCommands);
        hostAudio = hostAudio.clone();
        Objects.requireNonNull(callerAudioSent, "callerAudioSent");
        events = List.copyOf(events);
    }

    /** @return a copy of the PCM the host played during the call */
    @Override
    public byte[] hostAudio() {
        return hostAudio.clone();
    }

    /** @return how long the host's audio lasts at 8000 Hz, 16 bit */
    public Duration hostAudioDuration() {
        return Duration.ofMillis(hostAudio.length / 16L);
    }

    /**
     * @param type an event type
     * @return whether the call saw such an event
     */
    public boolean has(SimEvent.Type type) {
        return events.stream().anyMatch(e -> e.type() == type);
    }

    @Override
    public String toString() {
        return "SimulatedCallReport[answered=" + answered + ", endedBy=" + endedBy + ", commands=" + commands
                + ", unknown=" + unknownCommands + ", hostAudio=" + hostAudioDuration().toMillis() + " ms, callerAudio="
                + callerAudioSent.toMillis() + " ms]";
    }
}
