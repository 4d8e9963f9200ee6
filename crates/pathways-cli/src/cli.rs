//! The command-line grammar: `pathways <noun> <verb>`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Pathways: the regional career-pathways system.
#[derive(Debug, Parser)]
#[command(name = "pathways", version, about, long_about = None, after_help = "\
Examples:
  pathways demo                                  # a realistic region at http://127.0.0.1:8080
  pathways serve --db postgres://localhost/pathways --bind 0.0.0.0:8080
  pathways import organizations partners.csv     # all rows or nothing; re-running is a no-op
  pathways export programs > programs.csv
  pathways admin create --email admin@region.org --name 'Pat Admin'")]
pub struct Cli {
    /// Database URL (sqlite://FILE or postgres://…); default: SQLite in the data directory.
    #[arg(long, global = true, env = "DATABASE_URL")]
    pub db: Option<String>,
    /// Data directory for the SQLite file, Parquet data and backups.
    #[arg(long, global = true, env = "PATHWAYS_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Configuration file (default: ./pathways.toml if present).
    #[arg(long, global = true, env = "PATHWAYS_CONFIG")]
    pub config: Option<PathBuf>,
    /// More log output (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build a realistic demo region in a fresh data directory and serve it.
    Demo(DemoArgs),
    /// List the HTML pages and who may open them, one `PATH<TAB>ROLES` a line
    /// (for `bench/pages/run.sh`).
    #[command(hide = true)]
    Pages,
    /// Serve the web application and API.
    Serve(ServeArgs),
    /// Import a catalog CSV file (or, with `all`, a directory of them).
    Import(ImportArgs),
    /// Export a catalog entity as CSV.
    Export(ExportArgs),
    /// Write a consistent snapshot of the store and its Parquet files to FILE (one archive), atomically.
    Backup {
        /// Where to write the backup.
        file: PathBuf,
    },
    /// Restore a backup into an empty database (SQLite or PostgreSQL) and the data directory, all or nothing.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Work-based learning matching on CSV files (`pathways match run`).
    #[command(subcommand)]
    Match(crate::commands::matching::MatchCommand),
    /// Record linkage across sources, probabilistic or with CLKs (`pathways link run`).
    #[command(subcommand)]
    Link(crate::commands::linkage::LinkCommand),
    /// Pathway maps: checks and CTDL/SVG export.
    #[command(subcommand)]
    Pathway(crate::commands::pathway::PathwayCommand),
    /// Labor-market data: load it, search, profiles, targeted occupations, gaps.
    #[command(subcommand)]
    Lmi(crate::commands::lmi::LmiCommand),
    /// Advising plans: bulk check (exit 1 if any is off track), import, export.
    #[command(subcommand)]
    Plans(crate::commands::plans::PlansCommand),
    /// Participant data: validate and load partners' files (`pathways data load DIR`).
    /// Participant data: validate and load partners' files (`pathways data load DIR`), or generate a synthetic population (`pathways data generate`).
    #[command(subcommand)]
    Data(crate::commands::analytics::DataCommand),
    /// Outcome metrics: Perkins V, WIOA and pathway metrics, disaggregated (`pathways metrics run`).
    #[command(subcommand)]
    Metrics(crate::commands::analytics::MetricsCommand),
    /// Work-based learning placements and records (`pathways wbl placements list`).
    #[command(subcommand)]
    Wbl(crate::commands::wbl::WblCommand),
    /// Partnership governance: status, alerts, team, meetings, agreements.
    #[command(subcommand)]
    Partnership(crate::commands::partnership::PartnershipCommand),
    /// Administer accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
}

/// `pathways serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PATHWAYS_BIND")]
    pub bind: Option<String>,
}

/// `pathways demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Address to listen on.
    #[arg(long, env = "PATHWAYS_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// OEWS area code of the metro the region is built on (default: Austin-Round Rock-San Marcos, TX).
    #[arg(long, default_value = "0012420")]
    pub area: String,
    /// Build the region and exit without serving.
    #[arg(long)]
    pub no_serve: bool,
}

/// `pathways import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// regions, organizations, occupations, industries, programs, courses, credentials, pathways — or `all`.
    pub entity: String,
    /// The CSV file (for `all`: a directory holding ENTITY.csv files).
    pub path: PathBuf,
    /// Print the summary as JSON.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// `pathways export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The entity to export.
    pub entity: String,
    /// Write here (atomically) instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

/// Output format.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For machines.
    Json,
}

/// `pathways admin …`.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a convener administrator (the first-run account).
    Create {
        /// Login e-mail.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Read the password from this environment variable instead of standard input.
        #[arg(long, default_value = "PATHWAYS_ADMIN_PASSWORD")]
        password_env: String,
    },
}

/// `pathways token …`.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user and print it once.
    Create {
        /// The user's e-mail.
        #[arg(long)]
        email: String,
        /// A name to recognize the token by.
        #[arg(long)]
        name: String,
        /// read or write.
        #[arg(long, default_value = "read")]
        scope: String,
    },
}
