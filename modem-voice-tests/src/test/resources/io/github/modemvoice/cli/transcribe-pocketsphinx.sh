#!/bin/sh
# Transcribes a telephone-band WAV (8000 Hz, 16-bit mono: what the answering machine stores)
# with CMU PocketSphinx and Debian's US English model (apt-get install pocketsphinx
# pocketsphinx-en-us sox), printing the text on standard output: the transcription program of
# the end-to-end test (answer --transcribe-command "sh transcribe-pocketsphinx.sh {wav}").
#
# The en-us acoustic model is trained on 16 kHz speech, so the message is resampled to 16 kHz.
# A faint noise floor (white noise at -30 dBFS, fixed seed: sox -R) is mixed in: synthetic
# speech has stretches of exact digital silence, whose zero energy upsets the recogniser's
# cepstral mean normalisation (measured: without it, espeak-ng speech comes out as "are you are
# you ..."); a real phone line always carries such noise.
#
# pocketsphinx 0.8 (Debian 12) has pocketsphinx_continuous -infile; 5.x (Debian 13) has
# "pocketsphinx single FILE", which prints one JSON object per utterance with the text in "t".
set -eu
wav="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
sox -R "$wav" -r 16000 -c 1 -b 16 "$tmp/wide.wav"
sox -R -n -r 16000 -c 1 -b 16 "$tmp/noise.wav" synth "$(soxi -D "$tmp/wide.wav")" whitenoise vol 0.03
sox -R -m "$tmp/wide.wav" "$tmp/noise.wav" "$tmp/input.wav"
if command -v pocketsphinx_continuous >/dev/null 2>&1; then
  pocketsphinx_continuous -infile "$tmp/input.wav" -logfn /dev/null > "$tmp/text"
else
  pocketsphinx single "$tmp/input.wav" > "$tmp/json" 2>/dev/null
  # the utterance's "t" comes before its word list "w":[...], whose entries have a "t" each
  sed -n 's/^{[^[]*"t": *"\([^"]*\)".*/\1/p' "$tmp/json" > "$tmp/text"
fi
# one line per utterance, joined into one
tr '\n' ' ' < "$tmp/text"
