package io.github.modemvoice.routing;

/**
 * What {@link AfterHoursCallHandler} does with a call it would answer when the voicemail box
 * cannot keep a message (directory missing or not writable, disk full, database down): it never
 * answers such a call, so the caller is not cut off at the beep.
 */
public enum StorageUnusableAction {
    /** Leave the call ringing until the caller or the network gives up (the default). */
    RING_OUT,
    /** Reject the call: the caller hears busy (or the network's voicemail) at once. */
    REJECT
}
