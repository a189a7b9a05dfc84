package io.github.modemvoice.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTest {
    @Test
    void markupIsEscapedAndInvisibleControlsAreShown() {
        assertThat(Html.escape("<a href='x'>\"&\"</a>")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;");
        assertThat(Html.escape("\u202Emoc.live\u202C \u2067x\u2069 \u200F \u0000\u001B\u0085"))
                .isEqualTo("[U+202E]moc.live[U+202C] [U+2067]x[U+2069] [U+200F] [U+0000][U+001B][U+0085]");
        assertThat(Html.escape("Zoë 😀 日本\nline")).isEqualTo("Zoë 😀 日本\nline");
        assertThat(Html.escape("\uD800x")).isEqualTo("[U+D800]x");
        assertThat(Html.escape(null)).isEmpty();
    }
}
