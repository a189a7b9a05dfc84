package io.github.modemvoice;

/**
 * Privacy helpers for phone numbers. A caller's number never appears in full in a log line or
 * in a file name; log and display code goes through {@link #redact(String)}.
 */
public final class PhoneNumbers {
    private PhoneNumbers() {
    }

    /**
     * Redacts a number to its last four digits, keeping a leading {@code +}: {@code +4915112344567}
     * becomes {@code +***4567}. Numbers of four digits or fewer become {@code ***}, so that short
     * internal extensions are not revealed either. {@code null} or blank gives {@code unknown}.
     *
     * @param number a phone number as the network delivered it, or null
     * @return a string safe to log
     */
    public static String redact(String number) {
        if (number == null || number.isBlank()) {
            return "unknown";
        }
        String trimmed = number.strip();
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        String prefix = trimmed.startsWith("+") ? "+" : "";
        if (digits.length() <= 4) {
            return prefix + "***";
        }
        return prefix + "***" + digits.substring(digits.length() - 4);
    }
}
