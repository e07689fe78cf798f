#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| khabar_fuzz::analyze(data));
