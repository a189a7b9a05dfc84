package io.github.modemvoice.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The receive queue of an audio channel: chunks of PCM in arrival order, optionally interleaved
 * with markers (e.g. in-band events that must reach the reader after the audio before them),
 * bounded in bytes. When a slow consumer lets it grow past the bound, the oldest audio is
 * dropped (never a marker, never the newest chunk). Not thread-safe: the owning channel guards
 * it with its lock. With {@code Integer.MAX_VALUE} as the bound it is a plain chunked byte
 * stream (the mock transport's bytes for the host). Not API.
 */
public final class PcmQueue {
    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private final int maxBytes;
    private int queuedBytes;
    private int headOffset;
    private long droppedBytes;

    /** @param maxBytes the bound on queued audio bytes */
    public PcmQueue(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Appends audio, dropping the oldest audio at the head while over the bound.
     *
     * @param chunk the PCM, owned by the queue from now on
     * @return true when this call dropped audio for the first time since the queue was made
     */
    public boolean addAudio(byte[] chunk) {
        long before = droppedBytes;
        items.add(chunk);
        queuedBytes += chunk.length;
        while (queuedBytes - headOffset > maxBytes && items.peek() instanceof byte[] && items.size() > 1) {
            byte[] old = (byte[]) items.poll();
            queuedBytes -= old.length;
            droppedBytes += old.length - headOffset;
            headOffset = 0;
        }
        return before == 0 && droppedBytes > 0;
    }

    /** @param marker an object (not a {@code byte[]}) delivered in order with the audio */
    public void addMarker(Object marker) {
        if (marker instanceof byte[]) {
            throw new IllegalArgumentException("audio goes through addAudio");
        }
        items.add(marker);
    }

    /** @return the audio bytes queued and not yet read */
    public int audioBytes() {
        return queuedBytes - headOffset;
    }

    /** @return true when nothing is queued */
    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** @return the marker at the head, or null when the head is audio or the queue is empty */
    public Object peekMarker() {
        Object head = items.peek();
        return head instanceof byte[] ? null : head;
    }

    /** @return removes and returns the marker at the head, or null when the head is not one */
    public Object pollMarker() {
        Object head = peekMarker();
        if (head != null) {
            items.poll();
        }
        return head;
    }

    /**
     * Copies audio from the head, up to the next marker.
     *
     * @param dst    destination
     * @param offset where to start
     * @param want   the most bytes to copy
     * @return bytes copied (0 when the head is a marker or the queue is empty)
     */
    public int readAudio(byte[] dst, int offset, int want) {
        int n = 0;
        while (n < want && items.peek() instanceof byte[]) {
            byte[] head = (byte[]) items.peek();
            int take = Math.min(want - n, head.length - headOffset);
            System.arraycopy(head, headOffset, dst, offset + n, take);
            n += take;
            headOffset += take;
            if (headOffset == head.length) {
                items.poll();
                queuedBytes -= head.length;
                headOffset = 0;
            }
        }
        return n;
    }

    /**
     * Empties the queue.
     *
     * @return the markers that were queued, in order
     */
    public List<Object> clear() {
        List<Object> markers = new ArrayList<>();
        for (Object o : items) {
            if (!(o instanceof byte[])) {
                markers.add(o);
            }
        }
        items.clear();
        queuedBytes = 0;
        headOffset = 0;
        return markers;
    }

    /** @return audio bytes dropped so far because the consumer was too slow */
    public long droppedBytes() {
        return droppedBytes;
    }
}
