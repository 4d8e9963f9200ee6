//! `pathways admin` and `pathways token`.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, bail};
use pathways_domain::access::Role;
use pathways_web::api::accounts::{NewUserRequest, create_user_checked, issue_token};

use crate::cli::{AdminCommand, TokenCommand};
use crate::config::Settings;

fn read_password(env_var: &str) -> anyhow::Result<String> {
    if let Ok(p) = std::env::var(env_var) {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        eprint!("Password for the new administrator (at least 12 characters): ");
        std::io::stderr().flush()?;
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    let p = line.trim_end_matches(['\r', '\n']).to_owned();
    if p.is_empty() {
        bail!("no password given: set {env_var} or type it on standard input");
    }
    Ok(p)
}

/// `pathways admin create`.
pub async fn admin(settings: &Settings, cmd: AdminCommand) -> anyhow::Result<()> {
    match cmd {
        AdminCommand::Create {
            email,
            name,
            password_env,
        } => {
            let store = super::open(settings).await?;
            let password = read_password(&password_env)?;
            let req = NewUserRequest {
                email,
                display_name: name,
                password,
                role: Role::ConvenerAdmin,
                organization_id: None,
                student_ref: None,
            };
            let p = create_user_checked(&store, &req)
                .await
                .map_err(|e| anyhow::anyhow!(e.problem().detail))?;
            eprintln!(
                "created convener administrator {} (user {})",
                req.email, p.user_id
            );
            Ok(())
        }
    }
}

/// `pathways token create`.
pub async fn token(settings: &Settings, cmd: TokenCommand) -> anyhow::Result<()> {
    match cmd {
        TokenCommand::Create { email, name, scope } => {
            let store = super::open(settings).await?;
            let user = store
                .user_by_email(&email)
                .await?
                .with_context(|| format!("no user with e-mail {email}"))?;
            let t = issue_token(&store, user.id, &name, &scope)
                .await
                .map_err(|e| anyhow::anyhow!(e.problem().detail))?;
            writeln!(std::io::stdout().lock(), "{}", t.token)?;
            eprintln!(
                "token {} ({} scope) created for {email}; it is shown only once",
                t.id, t.scope
            );
            Ok(())
        }
    }
}
