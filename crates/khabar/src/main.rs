//! The `khabar` command line.

mod analyze;
mod bench;
mod check;
mod corpus;
mod entities;
mod escape;
mod eval;
mod input;
mod ner;
mod normalize;
mod stories;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "khabar",
    version,
    about = "Khabar (خبر): Urdu news intelligence engine"
)]
struct Cli {
    /// The data directory (article store and search index).
    #[arg(
        long,
        global = true,
        env = "KHABAR_DATA",
        default_value = "khabar-data"
    )]
    data: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Normalize text from standard input to standard output, line by line
    /// (analysis form; --display for the display form).
    Normalize {
        /// Print the display form (cleaned, original spelling) instead.
        #[arg(long)]
        display: bool,
    },
    /// Clean, normalize and segment one document.
    Analyze {
        /// The document to read; - for standard input.
        #[arg(default_value = "-")]
        file: PathBuf,
        /// Print one JSON object with text, normalized, paragraphs, sentences,
        /// tokens and dates.
        #[arg(long)]
        json: bool,
        /// The document's publication date (YYYY-MM-DD), which relative
        /// dates ("گزشتہ سال", "بدھ کو") are resolved against.
        #[arg(long)]
        published: Option<String>,
    },
    /// Ingest the bundled VOA sample, then show the stats and a few searches.
    Demo {
        /// The folder of articles to ingest.
        #[arg(long, default_value = "samples/voa")]
        samples: PathBuf,
    },
    /// Read files and folders of articles into the data directory.
    Ingest(corpus::IngestArgs),
    /// Search the articles, across spellings.
    Search(corpus::SearchArgs),
    /// Print one article.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Count the articles, per source and per month.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// List the entities (persons, places, organisations), most written
    /// about first, with their spellings.
    Entities(entities::EntitiesArgs),
    /// One entity, by any of its spellings: spellings, articles, and the
    /// entities seen with it.
    Entity(entities::EntityArgs),
    /// Dated statements about an entity, in date order.
    Timeline(entities::TimelineArgs),
    /// Pairs of articles where one copies the other: duplicates and
    /// derived texts, with the origin of each group of copies.
    Dups(stories::DupsArgs),
    /// Stories (articles reporting one event), the largest first.
    Stories(stories::StoriesArgs),
    /// One story: its articles with their copy relations, its timeline and
    /// its summary.
    Story(stories::StoryArgs),
    /// Run the analysis again over every stored article (entities, dates,
    /// search index), after a new model or analysis version; an interrupted
    /// reindex is taken up where it stopped.
    Reindex(entities::ReindexArgs),
    /// Bring up to date what is derived from the stored articles (the
    /// search index, entities, copies and stories), which an ingest cut
    /// short leaves behind.
    Update(entities::UpdateArgs),
    /// Verify the article store, the search index and the tables derived
    /// from the store (entities, copies, stories), and say what to repair.
    Check(check::CheckArgs),
    /// Measure quality against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Train a model from the shared data.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Print the tokens of a CoNLL file with a predicted BIO entity tag column.
    Tag(ner::TagArgs),
    /// Measure speed on a real corpus.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Sentence-boundary and word-token precision, recall and F1 against a
    /// Universal Dependencies (CoNLL-U) file.
    Segment {
        #[arg(long)]
        conllu: PathBuf,
        /// How the gold sentences are joined into running text.
        #[arg(long, value_enum, default_value_t = Join::Space)]
        join: Join,
        /// Fail unless both F1 figures reach this value.
        #[arg(long)]
        min_f1: Option<f64>,
    },
    /// Named-entity precision, recall and F1 (exact spans) against a CoNLL
    /// file (token TAB tag), and tagging speed.
    Ner(ner::EvalArgs),
    /// Copy detection against COUNTER's labelled pairs: precision, recall
    /// and F1 of "reused" (wholly or partly derived), and three-class
    /// accuracy.
    Reuse(eval::counter::CounterArgs),
    /// Story clustering against COUNTER's story ids: B-cubed precision,
    /// recall and F1.
    Stories(eval::counter::CounterArgs),
}

#[derive(Subcommand)]
enum TrainCommand {
    /// The named-entity tagger (IL-NER train, plus legacy sets).
    Ner(ner::TrainArgs),
    /// The story clusterer's background document frequencies (from the
    /// VOA sample).
    Background(stories::BackgroundArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Join {
    /// One space between sentences.
    Space,
    /// Nothing between sentences ("ہے۔روسی"), as in glued news text.
    None,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Throughput of clean + normalize + segment on one core, against
    /// urduhack's normalize on the same text.
    Text(bench::text::TextOptions),
    /// Ingestion rate, peak memory, index size and search latency on the
    /// BBC/VOA, pk-news and Express corpora, against a plain tantivy index.
    Corpus(bench::corpus::CorpusOptions),
    /// A live corpus at a million articles: a corpus made from the news of
    /// ../shared/data by a Markov model, with planted copies and
    /// follow-ups, ingested chunk by chunk; ingest rate, memory, size on
    /// disk, a small batch's cost, and read latencies at that size.
    Scale(bench::scale::ScaleOptions),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let data = cli.data.clone();
    let result = match cli.command {
        Command::Normalize { display } => normalize::run(display),
        Command::Analyze {
            file,
            json,
            published,
        } => analyze::run(&file, json, published.as_deref()),
        Command::Eval(EvalCommand::Segment {
            conllu,
            join,
            min_f1,
        }) => eval::segment::run(&conllu, join, min_f1),
        Command::Eval(EvalCommand::Ner(args)) => ner::eval(&args),
        Command::Eval(EvalCommand::Reuse(args)) => eval::counter::reuse(&args),
        Command::Eval(EvalCommand::Stories(args)) => eval::counter::stories(&args),
        Command::Train(TrainCommand::Ner(args)) => ner::train(&args),
        Command::Train(TrainCommand::Background(args)) => stories::train_background(&args),
        Command::Tag(args) => ner::tag(&args),
        Command::Demo { samples } => corpus::demo(&cli.data, &samples),
        Command::Ingest(args) => corpus::ingest(&cli.data, &args),
        Command::Search(args) => corpus::search(&cli.data, &args),
        Command::Show { id, json } => corpus::show(&cli.data, &id, json),
        Command::Stats { json } => corpus::stats(&cli.data, json),
        Command::Entities(args) => entities::list(&cli.data, &args),
        Command::Entity(args) => entities::show(&cli.data, &args),
        Command::Timeline(args) => entities::timeline(&cli.data, &args),
        Command::Reindex(args) => entities::reindex(&cli.data, &args),
        Command::Update(args) => entities::update(&cli.data, &args),
        Command::Check(args) => check::run(&cli.data, &args),
        Command::Dups(args) => stories::dups(&cli.data, &args),
        Command::Stories(args) => stories::stories(&cli.data, &args),
        Command::Story(args) => stories::story(&cli.data, &args),
        Command::Bench(BenchCommand::Text(options)) => bench::text::text(&options),
        Command::Bench(BenchCommand::Corpus(options)) => bench::corpus::run(&options),
        Command::Bench(BenchCommand::Scale(options)) => bench::scale::run(&options),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`khabar analyze big.txt | head`): not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let error = khabar_corpus::store::explained(error, &khabar_corpus::store_path(&data));
            eprintln!("khabar: {}", escape::shown(&format!("{error:#}")));
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
