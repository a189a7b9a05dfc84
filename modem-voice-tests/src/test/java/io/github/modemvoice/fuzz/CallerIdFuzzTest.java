package io.github.modemvoice.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modemvoice.dialect.ModemEvent;
import io.github.modemvoice.dialect.gsm.GsmUrcs;
import io.github.modemvoice.dialect.v253.V253Urcs;

import java.util.Optional;

/** Fuzzes the caller-id parsers: GSM {@code +CLIP} and the V.253 {@code NMBR/NAME/DATE/TIME} lines. */
class CallerIdFuzzTest {

    /** {@code +CLIP: <arbitrary>} must give a consistent caller id or nothing. */
    @FuzzTest(maxDuration = "30s")
    void clip(byte[] input) {
        String rest = FuzzSupport.utf8(input, 0);
        ModemEvent e = GsmUrcs.parseOrNull("+CLIP: " + rest);
        if (e == null && rest.isBlank()) {
            return; // "+CLIP:" with nothing after it carries no caller id
        }
        if (!(e instanceof ModemEvent.CallerId)) {
            throw new AssertionError("+CLIP line did not give a caller id: " + e);
        }
        EventChecks.check(e);
        ModemEvent tight = GsmUrcs.parseOrNull("+clip:" + rest);
        if (tight != null) {
            EventChecks.check(tight);
        }
    }

    /**
     * V.253 caller-id lines, and the event built from a NMBR and NAME pair. Input layout: byte 0
     * is fed to the DLE code mapper; the rest, as UTF-8, is split into lines: the first is
     * parsed as the number line, the second (absent: no NAME) as the name line.
     */
    @FuzzTest(maxDuration = "30s")
    void v253(byte[] input) {
        int dle = FuzzSupport.u8(input, 0);
        String[] lines = FuzzSupport.utf8(input, 1).split("\n", 3);
        String first = lines[0];
        String second = lines.length > 1 ? lines[1] : null;
        Optional<V253Urcs.CallerIdField> a = V253Urcs.parseCallerIdField(first);
        Optional<V253Urcs.CallerIdField> b = V253Urcs.parseCallerIdField(second);
        if (lines.length > 2) {
            V253Urcs.parseCallerIdField(lines[2]).ifPresent(CallerIdFuzzTest::checkField);
        }
        a.ifPresent(CallerIdFuzzTest::checkField);
        b.ifPresent(CallerIdFuzzTest::checkField);
        String nmbr = a.map(V253Urcs.CallerIdField::value).orElse(first);
        String name = b.map(V253Urcs.CallerIdField::value).orElse(second);
        EventChecks.check(V253Urcs.callerId(nmbr, name));
        EventChecks.check(V253Urcs.callerId(null, null));
        V253Urcs.dleEvent(dle).ifPresent(EventChecks::check);
    }

    private static void checkField(V253Urcs.CallerIdField f) {
        if (!f.value().strip().equals(f.value())) {
            throw new AssertionError("unstripped value");
        }
        f.toString();
    }
}
