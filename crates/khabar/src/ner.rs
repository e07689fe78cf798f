//! Named entities: `khabar train ner`, `khabar eval ner`, `khabar tag`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use khabar_ner::data::{self, legacy_train_len};
use khabar_ner::tags::{GoldSentence, parse_conll, to_bio};
use khabar_ner::{EntityType, Gazetteer, Model, Scorer, Tag, Tagger, Tagset, TrainOptions};

/// The extra (legacy) training sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Legacy {
    /// Neither (IL-NER train only).
    None,
    Ijcnlp,
    Jahangir,
}

#[derive(Args)]
pub struct TrainArgs {
    /// The shared data folder (il-ner-urdu, urdu-ner-legacy, lexicons).
    #[arg(long, default_value = "../shared/data")]
    shared_data: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "crates/khabar-ner/model/ner.bin")]
    out: PathBuf,
    #[arg(long, default_value_t = 12)]
    epochs: usize,
    /// Shuffle seeds: one model is trained per seed and the models are
    /// averaged (comma-separated).
    #[arg(long, value_delimiter = ',', default_values_t = [42, 1, 2])]
    seed: Vec<u64>,
    /// Averaged weights below this are dropped.
    #[arg(long, default_value_t = 1.0)]
    prune: f32,
    /// Decoding penalty on the O tag (trades precision for recall).
    #[arg(long, default_value_t = 0.0)]
    o_penalty: f32,
    /// Share of feature occurrences dropped at random in each training step.
    #[arg(long, default_value_t = 0.3)]
    dropout: f32,
    /// Extra training sets (the first 80% of their sentences; the rest is
    /// held out). Comma-separated; `--legacy none` for neither.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [Legacy::Jahangir, Legacy::Ijcnlp])]
    legacy: Vec<Legacy>,
    /// Leave out the context classes harvested from unlabelled news.
    #[arg(long)]
    no_harvest: bool,
    /// Word clusters from the unlabelled news: vocabulary size, fine and
    /// coarse cluster counts, k-means iterations, e.g. `40000,1024,64,12`
    /// (off by default: no gain on IL-NER dev, see the crate docs).
    #[arg(long, value_delimiter = ',', default_values_t = [0])]
    clusters: Vec<usize>,
    /// Print IL-NER dev figures after every epoch (for tuning the number
    /// of epochs).
    #[arg(long)]
    report_dev: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Scheme {
    /// Exact BIO spans (IL-NER).
    Bio,
    /// Adjacent same-type tokens are one span (IO-tagged files).
    Io,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TagsetArg {
    IlNer,
    Ijcnlp,
    Jahangir,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Part {
    /// Every sentence.
    All,
    /// The last 20% of the sentences (the part of a legacy set that
    /// `khabar train ner` leaves out).
    Heldout,
}

#[derive(Args)]
pub struct EvalArgs {
    /// Gold file: token TAB tag, a blank line between sentences.
    #[arg(long)]
    conll: PathBuf,
    /// Span scheme; by default BIO for IL-NER tags and IO for legacy tags.
    #[arg(long, value_enum)]
    scheme: Option<Scheme>,
    /// The file's tag set (detected from its tags by default).
    #[arg(long, value_enum)]
    tagset: Option<TagsetArg>,
    #[arg(long, value_enum, default_value_t = Part::All)]
    part: Part,
    /// Fail unless micro F1 reaches this value.
    #[arg(long)]
    min_f1: Option<f64>,
    /// A model file to use instead of the embedded one.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Override the model's decoding penalty on O (for tuning).
    #[arg(long)]
    o_penalty: Option<f32>,
}

#[derive(Args)]
pub struct TagArgs {
    /// Tokens to tag: token [TAB gold tag], a blank line between sentences.
    #[arg(long)]
    conll: PathBuf,
    /// A model file to use instead of the embedded one.
    #[arg(long)]
    model: Option<PathBuf>,
}

fn read(path: &Path) -> Result<String> {
    crate::input::read_text(path)
}

fn load_tagger(model: Option<&Path>) -> Result<Tagger> {
    match model {
        None => Ok(Tagger::embedded().clone()),
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("{}", path.display()))?;
            let model = Model::from_bytes(&bytes).with_context(|| format!("{}", path.display()))?;
            Ok(Tagger::new(model))
        }
    }
}

pub fn train(args: &TrainArgs) -> Result<()> {
    let started = Instant::now();
    let root = &args.shared_data;
    let gaz_dir = root.join("lexicons/gazetteers");
    let mut gazetteer = Gazetteer::default();
    data::add_cldr_territories(
        &mut gazetteer,
        &read(&gaz_dir.join("cldr48_territories_ur_en.tsv"))?,
    );
    data::add_cldr_territories(
        &mut gazetteer,
        &read(&gaz_dir.join("cldr48_territories_ur-IN_en.tsv"))?,
    );
    data::add_geonames(
        &mut gazetteer,
        &read(&gaz_dir.join("geonames_cities5000_arabic_script.tsv"))?,
    );
    data::add_cldr_languages(
        &mut gazetteer,
        &read(&gaz_dir.join("cldr48_languages_ur_en.tsv"))?,
    );
    eprintln!("gazetteer: {} names", gazetteer.len());
    let with_clusters = args.clusters.first().is_some_and(|&v| v > 0);
    if !args.no_harvest || with_clusters {
        let t = Instant::now();
        let (harvest, counts) = harvest(root)?;
        if !args.no_harvest {
            let harvest = harvest.codes();
            eprintln!(
                "harvest: {} words with context classes in {:.1} s",
                harvest.len(),
                t.elapsed().as_secs_f64()
            );
            gazetteer.set_harvest(harvest);
        }
        if with_clusters {
            let t = Instant::now();
            let p = |i: usize, d: usize| args.clusters.get(i).copied().unwrap_or(d);
            let clusters = counts.clusters(p(0, 40_000), 3, 400, p(1, 1024), p(2, 64), p(3, 12));
            eprintln!(
                "clusters: {} words in {:.1} s",
                clusters.len(),
                t.elapsed().as_secs_f64()
            );
            gazetteer.set_clusters(clusters);
        }
    }

    let mut sentences = data::conll_sentences(
        &read(&root.join("il-ner-urdu/Urdu-train.txt"))?,
        Some(Tagset::IlNer),
    );
    eprintln!("IL-NER train: {} sentences", sentences.len());
    for legacy in &args.legacy {
        let file = match legacy {
            Legacy::Ijcnlp => "urdu-ner-legacy/ijcnlp2008_urdu.txt",
            Legacy::Jahangir => "urdu-ner-legacy/jahangir.txt",
            Legacy::None => continue,
        };
        let mut extra = data::conll_sentences(&read(&root.join(file))?, Some(Tagset::Legacy));
        extra.truncate(legacy_train_len(extra.len()));
        eprintln!("{legacy:?}: {} sentences (first 80%)", extra.len());
        sentences.extend(extra);
    }
    let dev = if args.report_dev {
        Some(read(&root.join("il-ner-urdu/Urdu-dev.txt"))?)
    } else {
        None
    };
    let mut models = Vec::new();
    for &seed in &args.seed {
        let options = TrainOptions {
            epochs: args.epochs,
            seed,
            prune: args.prune,
            o_penalty: args.o_penalty,
            dropout: args.dropout,
        };
        let model = khabar_ner::train_with_callback(
            &sentences,
            gazetteer.clone(),
            options,
            |epoch, model| {
                if let Some(dev) = &dev {
                    let tagger = Tagger::new(model.clone());
                    let (scorer, _, _) =
                        evaluate(&tagger, dev, Some(Tagset::IlNer), Scheme::Bio, Part::All);
                    let m = scorer.micro();
                    eprintln!(
                        "epoch {epoch:2}: dev P {:.4} R {:.4} F1 {:.4}  (PER {:.4} LOC {:.4} ORG {:.4})",
                        m.precision(),
                        m.recall(),
                        m.f1(),
                        scorer.counts(EntityType::Person).f1(),
                        scorer.counts(EntityType::Location).f1(),
                        scorer.counts(EntityType::Organisation).f1()
                    );
                } else {
                    eprintln!("epoch {epoch:2} done");
                }
            },
        );
        models.push(model);
    }
    let model = Model::mean(&models);
    if let Some(dev) = &dev {
        let (scorer, _, _) = evaluate(
            &Tagger::new(model.clone()),
            dev,
            Some(Tagset::IlNer),
            Scheme::Bio,
            Part::All,
        );
        eprintln!(
            "mean of {} models: dev F1 {:.4}",
            models.len(),
            scorer.micro().f1()
        );
    }
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("{}", args.out.display()))?;
    println!(
        "wrote {} ({} bytes, {} features) in {:.1} s",
        args.out.display(),
        bytes.len(),
        model.features(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Word context classes counted over the unlabelled news in the shared
/// data (the BBC/VOA 2016 dumps, the 2024 Pakistani news scrape, the
/// Express 2018 headlines and summaries), read and cleaned as `ingest`
/// does (hard-wrapped lines rejoined, boilerplate out); each distinct text
/// counted once. Stored hashed in the model. Also counts word pairs for
/// the word clusters.
fn harvest(root: &Path) -> Result<(khabar_ner::Harvest, khabar_ner::ClusterCounts)> {
    let paths = [
        root.join("bbc-voa-urdu-2016"),
        root.join("pk-news-scraped-2024/articles_merged.jsonl"),
        root.join("express-headlines-2018/headlines.tsv"),
    ];
    let (files, unreadable) = khabar_ingest::input_files(&paths);
    if let Some(rejection) = unreadable.first() {
        bail!("{rejection}");
    }
    let mut harvest = khabar_ner::Harvest::new();
    let mut counts = khabar_ner::ClusterCounts::new();
    let mut seen = std::collections::HashSet::new();
    for file in &files {
        for item in khabar_ingest::read_file(file) {
            let khabar_ingest::Item::Article(record) = item else {
                continue;
            };
            let analysis = khabar_text::analyze(&record.text, &khabar_text::ScriptOnly);
            // A hash is enough to tell a text met before.
            if !seen.insert(text_hash(&analysis.text)) {
                continue;
            }
            if let Some(title) = &record.title {
                harvest.add_text(title);
                counts.add_text(title);
            }
            harvest.add_text(&analysis.text);
            counts.add_text(&analysis.text);
        }
    }
    Ok((harvest, counts))
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Gold sentences of a CoNLL text, with the tag set used.
fn gold(text: &str, tagset: Option<Tagset>) -> (Vec<GoldSentence>, Tagset) {
    let raw = parse_conll(text);
    let tagset = tagset.unwrap_or_else(|| {
        Tagset::detect(raw.iter().flat_map(|s| s.tags.iter().map(String::as_str)))
    });
    (raw.iter().map(|s| to_bio(s, tagset)).collect(), tagset)
}

/// Scores the tagger on a CoNLL text; also returns the tokens tagged and
/// the seconds spent tagging.
fn evaluate(
    tagger: &Tagger,
    text: &str,
    tagset: Option<Tagset>,
    scheme: Scheme,
    part: Part,
) -> (Scorer, usize, f64) {
    let (sentences, _) = gold(text, tagset);
    let from = match part {
        Part::All => 0,
        Part::Heldout => legacy_train_len(sentences.len()),
    };
    let sentences = &sentences[from..];
    let started = Instant::now();
    let predicted: Vec<Vec<Tag>> = sentences
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            tagger.tag(&words)
        })
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let to_spans = match scheme {
        Scheme::Bio => khabar_ner::spans,
        Scheme::Io => khabar_ner::io_spans,
    };
    let mut scorer = Scorer::default();
    let mut tokens = 0;
    for (s, p) in sentences.iter().zip(&predicted) {
        scorer.add(&to_spans(&s.tags), &to_spans(p));
        tokens += s.words.len();
    }
    (scorer, tokens, seconds)
}

fn tagset_of(arg: Option<TagsetArg>) -> Option<Tagset> {
    arg.map(|t| match t {
        TagsetArg::IlNer => Tagset::IlNer,
        TagsetArg::Ijcnlp | TagsetArg::Jahangir => Tagset::Legacy,
    })
}

pub fn eval(args: &EvalArgs) -> Result<()> {
    let text = read(&args.conll)?;
    let mut tagger = load_tagger(args.model.as_deref())?;
    if let Some(p) = args.o_penalty {
        let mut model = tagger.model().clone();
        model.set_o_penalty(p);
        tagger = Tagger::new(model);
    }
    let (sentences, tagset) = gold(&text, tagset_of(args.tagset));
    if sentences.is_empty() {
        bail!("{}: no sentences", args.conll.display());
    }
    let scheme = args.scheme.unwrap_or(match tagset {
        Tagset::IlNer => Scheme::Bio,
        Tagset::Legacy => Scheme::Io,
    });
    // Warm up (the embedded model loads on first use), then time.
    tagger.tag(&["پاکستان"]);
    let (scorer, tokens, seconds) = evaluate(&tagger, &text, Some(tagset), scheme, args.part);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}: {:?} tags, {:?} spans, {:?} part, {} tokens",
        args.conll.display(),
        tagset,
        scheme,
        args.part,
        tokens
    )?;
    writeln!(out, "type   gold  pred  corr  precision  recall  F1")?;
    let line = |out: &mut dyn Write, name: &str, c: khabar_ner::Counts| {
        writeln!(
            out,
            "{name:<5} {:5} {:5} {:5}  {:9.4}  {:6.4}  {:.4}",
            c.gold,
            c.predicted,
            c.correct,
            c.precision(),
            c.recall(),
            c.f1()
        )
    };
    for e in EntityType::ALL {
        line(&mut out, e.code(), scorer.counts(e))?;
    }
    let micro = scorer.micro();
    line(&mut out, "micro", micro)?;
    writeln!(
        out,
        "tagging: {:.0} tokens/s on one core ({tokens} tokens in {:.3} s)",
        tokens as f64 / seconds.max(1e-9),
        seconds
    )?;
    if let Some(min) = args.min_f1
        && micro.f1() < min
    {
        bail!("micro F1 {:.4} is below {min}", micro.f1());
    }
    Ok(())
}

pub fn tag(args: &TagArgs) -> Result<()> {
    let text = read(&args.conll)?;
    let tagger = load_tagger(args.model.as_deref())?;
    let raw = parse_conll(&text);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (n, sentence) in raw.iter().enumerate() {
        // Split "_"-joined tokens as in training; a token gets the tag of
        // its first word.
        let g = to_bio(sentence, Tagset::IlNer);
        let words: Vec<&str> = g.words.iter().map(String::as_str).collect();
        let tags = tagger.tag(&words);
        let mut token_tag = vec![None; sentence.tokens.len()];
        for (w, &t) in g.token_of_word.iter().enumerate() {
            if token_tag[t].is_none() {
                token_tag[t] = Some(tags[w]);
            }
        }
        // A token whose first word continues nothing is B-.
        let mut prev: Option<Tag> = None;
        if n > 0 {
            writeln!(out)?;
        }
        for (token, tag) in sentence.tokens.iter().zip(token_tag) {
            let mut tag = tag.unwrap_or(Tag::O);
            if let Some(e) = tag.entity()
                && !tag.may_follow(prev)
            {
                tag = Tag::new(e, true);
            }
            prev = Some(tag);
            writeln!(out, "{token}\t{}", tag.as_str())?;
        }
    }
    out.flush()?;
    Ok(())
}
