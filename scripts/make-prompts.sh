#!/usr/bin/env bash
# Generates the ready-made voice prompts in audio/ with espeak-ng and sox.
#
# Every file is a plain PCM WAV: 8000 Hz, 16-bit signed little-endian, mono, with only the
# 'fmt ' and 'data' chunks, normalised to -3 dBFS peak. That is the library's internal audio
# format, so the prompts can be played without conversion. Output is repeatable (sox -R).
#
# Usage: scripts/make-prompts.sh [output-dir]     (default: audio/ next to this script's parent)
# Needs: espeak-ng, sox  (Debian/Ubuntu: sudo apt-get install espeak-ng sox)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../audio}"
voice="${VOICE:-en-us}"     # espeak-ng voice
speed="${SPEED:-150}"       # words per minute

for tool in espeak-ng sox soxi; do
  command -v "$tool" >/dev/null 2>&1 || { echo "make-prompts: $tool not found (apt-get install espeak-ng sox)" >&2; exit 1; }
done

mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Output format options shared by every file: 8 kHz, 16-bit signed, mono, no comment chunk.
fmt=(-r 8000 -b 16 -c 1 -e signed-integer --comment "")

speak() { # name text
  local name="$1" text="$2"
  espeak-ng -v "$voice" -s "$speed" -w "$work/$name.raw.wav" "$text"
  # 0.25 s of silence before, 0.4 s after; band-limit to the telephone band; -3 dBFS peak.
  sox -R "$work/$name.raw.wav" "${fmt[@]}" "$out/$name.wav" \
    highpass 200 lowpass 3400 rate -v 8000 pad 0.25 0.4 norm -3
}

speak greeting "Hello. You have reached us outside our opening hours. Please leave a message after the tone, and press the hash key when you are done."
speak goodbye "Thank you. Your message has been recorded. Goodbye."
speak caller-sample "Hi, this is Alex from Example Plumbing. Please call me back about tomorrow's appointment. Thanks."

# The tone: 1000 Hz sine, 0.4 s, 10 ms fades so it does not click.
sox -R -n "${fmt[@]}" "$out/beep.wav" synth 0.4 sine 1000 fade 0.01 0.4 0.01 norm -3

for f in greeting goodbye beep caller-sample; do
  printf '%-18s %s Hz, %s-bit, %s channel(s), %s, %s\n' "$f.wav" \
    "$(soxi -r "$out/$f.wav")" "$(soxi -b "$out/$f.wav")" "$(soxi -c "$out/$f.wav")" \
    "$(soxi -e "$out/$f.wav")" "$(soxi -d "$out/$f.wav")"
done
