//! The analysis of any text, however broken, keeps its invariants: no panic,
//! every span slices the display text at character boundaries, tokens are
//! in order and do not overlap, and each token's norm is the folded form of
//! what it covers. Inputs are random mixes of the characters that real Urdu
//! pages are made of, from a fixed seed so that a failure repeats.

use std::sync::mpsc;
use std::time::Duration;

use khabar_text::{ScriptOnly, analyze, normalize};

/// xorshift64*: enough randomness for test inputs, with no dependency.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces that real pages are made of, including the awkward ones.
const PIECES: &[&str] = &[
    "کم",
    "جونگ",
    "اُن",
    "اْن",
    "پوتین",
    "کےلئے",
    "رہاہے",
    "سمیت29",
    "ہے",
    "۔",
    "؟",
    "!",
    ".",
    "،",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u{00A0}",
    "\u{200C}",
    "\u{200D}",
    "\u{200F}",
    "\u{FEFF}",
    "\u{0640}",
    "\u{0654}",
    "\u{0653}",
    "\u{0651}",
    "ۓ",
    "ي",
    "ك",
    "ه",
    "ة",
    "ۂ",
    "ﷲ",
    "﷽",
    "﴿",
    "﴾",
    "\u{FDCF}",
    "\u{FEFB}",
    "ﭘ",
    "۱۔",
    "3۔5",
    "۲۰۲۴",
    "٢٠٢٤",
    "17.26",
    "(اے پی پی)",
    "پی۔ٹی۔آئی",
    "”",
    "“",
    "‘‘",
    "''",
    "\"",
    "'",
    "-",
    " - ",
    "...",
    "۔۔۔",
    "Leave a Reply",
    "Source link",
    "By hassani",
    "http://x.y/z",
    "P.D",
    "Mr.",
    "اپنا تبصرہ بھیجیں",
    "Print",
    "زیا",
    "دہ",
    "_",
    "a",
    "\u{0301}",
    "🙂",
    "ش",
    "ښ",
    "ڄ",
];

fn random_document(random: &mut Random) -> String {
    let len = random.below(120);
    let mut text = String::new();
    for _ in 0..len {
        text.push_str(PIECES[random.below(PIECES.len())]);
    }
    // Sometimes a hard-wrapped layout: lines cut at one width.
    if random.below(4) == 0 {
        let chars: Vec<char> = text.chars().filter(|c| *c != '\n').collect();
        let width = 20 + random.below(40);
        text = chars
            .chunks(width)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n");
    }
    text
}

#[test]
fn random_documents_keep_every_invariant() {
    let mut random = Random(0x0005_EED0_F4B4_ABA5);
    for round in 0..20_000 {
        let raw = random_document(&mut random);
        let a = analyze(&raw, &ScriptOnly);
        let text = &a.text;
        let boundary = |at: usize| at <= text.len() && text.is_char_boundary(at);
        for p in &a.paragraphs {
            assert!(
                p.start < p.end && boundary(p.start) && boundary(p.end),
                "round {round}: {raw:?}"
            );
        }
        for s in &a.sentences {
            assert!(
                s.start < s.end && boundary(s.start) && boundary(s.end),
                "round {round}: {raw:?}"
            );
        }
        let mut previous_end = 0;
        for t in &a.tokens {
            assert!(
                t.start < t.end && boundary(t.start) && boundary(t.end),
                "round {round}: {raw:?}"
            );
            assert!(
                t.start >= previous_end,
                "round {round}: tokens overlap in {raw:?}"
            );
            previous_end = t.end;
            // A split run-together word's halves fold to its parts, so every
            // token folds to exactly its norm.
            assert_eq!(
                normalize::fold(&text[t.start..t.end]),
                a.norm(t),
                "round {round}: in {raw:?}"
            );
        }
    }
}

/// Runs `work` on its own thread and fails if it takes longer than
/// `limit`: a hang must fail the test, not stall the run.
fn within(limit: Duration, what: &str, work: impl FnOnce() + Send + 'static) {
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        work();
        let _ = done.send(());
    });
    match finished.recv_timeout(limit) {
        Ok(()) => {}
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: still running after {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

#[test]
fn signs_of_the_presentation_form_blocks_are_kept_as_they_are() {
    // ﷽ opens many religious and political texts; ﴿ ﴾ enclose verses.
    within(Duration::from_secs(10), "the Bismillah", || {
        let text = "﷽ حکومت نے کہا ﴿آیت﴾ کہ";
        assert_eq!(analyze(text, &ScriptOnly).text, text);
        assert_eq!(normalize::display("﴾ ﷽ ﴿"), "﴾ ﷽ ﴿");
    });
}

#[test]
fn every_code_point_is_analyzed_in_bounded_time() {
    within(Duration::from_secs(120), "every code point", || {
        let scalars: Vec<char> = (0..=0x10FFFF).filter_map(char::from_u32).collect();
        for chunk in scalars.chunks(512) {
            // Each character alone between words, so that none hides in a
            // run of another kind.
            let mut text = String::from("پاکستان ");
            for &c in chunk {
                text.push(c);
                text.push_str(" کہا ");
            }
            let a = analyze(&text, &ScriptOnly);
            for t in &a.tokens {
                assert!(a.text.is_char_boundary(t.start) && a.text.is_char_boundary(t.end));
            }
        }
    });
}
