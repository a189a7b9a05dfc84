package io.github.modemvoice.call;

/**
 * Decides what happens to an incoming call. Runs on the call's own thread; may block for the
 * whole call. Exactly one of {@link IncomingCall#answer()}, {@link IncomingCall#reject()},
 * {@link IncomingCall#deflect(String)} or {@link IncomingCall#ignore()} should be called. When
 * the handler returns, a session it answered is hung up; when it throws, the call is rejected or
 * hung up, so no call is left hanging.
 */
@FunctionalInterface
public interface CallHandler {
    /**
     * @param call the ringing call
     * @throws Exception anything; logged, and the call is ended
     */
    void onIncomingCall(IncomingCall call) throws Exception;
}
