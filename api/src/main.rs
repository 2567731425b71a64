//! `api` command: serve (default), migrate, openapi.

use std::net::TcpListener;
use std::process::ExitCode;

use api::{db, Config};

const USAGE: &str = "\
usage: api [COMMAND]

commands:
  serve                     run the HTTP server (default)
  migrate                   apply pending database migrations and exit
  migrate --revert-all      revert every migration (drops all data) and exit
  openapi [--output FILE]   print the OpenAPI document as YAML (or write it to FILE)
  import-plan [TEMPLATE]    load a shipped work-plan template (default
                            capability-plan-2022); importing again adds only
                            what is missing
  remind                    run the deadline reminder job once (it also runs
                            inside `serve` every REMINDER_INTERVAL_SECS)
  close-attempts            submit the quiz attempts whose deadline has passed
                            (it also runs inside `serve` every
                            QUIZ_DEADLINE_INTERVAL_SECS)
  create-admin              create an administrator at the city bureau; reads
                            ADMIN_LOGIN, ADMIN_NAME and ADMIN_PASSWORD from the
                            environment, asking for any that is missing
  help                      show this text

configuration comes from environment variables; see .env.example";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] | ["serve"] => serve(),
        ["migrate"] => migrate(false),
        ["migrate", "--revert-all"] => migrate(true),
        ["openapi"] => openapi(None),
        ["openapi", "--output", file] => openapi(Some(file)),
        ["create-admin"] => create_admin(),
        ["remind"] => remind(),
        ["close-attempts"] => close_attempts(),
        ["import-plan"] => import_plan("capability-plan-2022"),
        ["import-plan", template] => import_plan(template),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("error: unknown arguments {args:?}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn init_logging() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
}

fn load_config() -> Result<Config, ExitCode> {
    Config::from_env().map_err(|err| {
        eprintln!("error: {err}");
        ExitCode::from(2)
    })
}

fn serve() -> ExitCode {
    let config = match load_config() {
        Ok(c) => c,
        Err(code) => return code,
    };
    init_logging();
    let bind = config.bind_addr;
    log::info!("database {}", config.database_url.redacted());
    let state = match api::prepare(config) {
        Ok(state) => state,
        Err(err) => {
            log::error!("{err}");
            eprintln!("error: {err}");
            return ExitCode::from(1);
        }
    };
    let listener = match TcpListener::bind(bind) {
        Ok(l) => l,
        Err(err) => {
            eprintln!("error: cannot listen on {bind}: {err}");
            return ExitCode::from(1);
        }
    };
    let pool = state.pool.clone();
    let sqlite = state.config.database_url.sqlite_path().is_some();
    let result = actix_web::rt::System::new().block_on(async move {
        let interval = state.config.reminder_interval;
        if !interval.is_zero() {
            actix_web::rt::spawn(api::resources::notifications::reminders::every(
                state.clone(),
                interval,
            ));
        }
        let quiz_deadlines = state.config.quiz_deadline_interval;
        if !quiz_deadlines.is_zero() {
            actix_web::rt::spawn(api::resources::quizzes::deadlines::every(
                state.clone(),
                quiz_deadlines,
            ));
        }
        let webhooks = state.config.webhook_interval;
        if !webhooks.is_zero() {
            actix_web::rt::spawn(api::resources::webhooks::deliver::every(
                state.clone(),
                webhooks,
            ));
        }
        let server = api::server(state, listener)?;
        log::info!("listening on http://{bind} (docs at /api/docs)");
        server.await
    });
    if sqlite {
        // Fold the write-ahead log back into the database file before exiting.
        if let Ok(mut conn) = pool.get() {
            let _ = diesel::connection::SimpleConnection::batch_execute(
                &mut *conn,
                "PRAGMA wal_checkpoint(TRUNCATE)",
            );
        }
    }
    drop(pool);
    match result {
        Ok(()) => {
            log::info!("shutdown complete");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: server failed: {err}");
            ExitCode::from(1)
        }
    }
}

fn migrate(revert_all: bool) -> ExitCode {
    let config = match load_config() {
        Ok(c) => c,
        Err(code) => return code,
    };
    init_logging();
    let outcome = (|| -> Result<Vec<String>, String> {
        let mut conn = config
            .database_url
            .connect(config.db_timeout)
            .map_err(|e| format!("cannot connect to the database: {e}"))?;
        if revert_all {
            db::revert_all_migrations(&mut conn).map_err(|e| e.to_string())
        } else {
            db::run_migrations(&mut conn).map_err(|e| e.to_string())
        }
    })();
    match outcome {
        Ok(versions) => {
            let verb = if revert_all { "reverted" } else { "applied" };
            if versions.is_empty() {
                println!("nothing to do");
            }
            for version in versions {
                println!("{verb} {version}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

fn openapi(output: Option<&str>) -> ExitCode {
    let yaml = match api::openapi().to_yaml() {
        Ok(y) => y,
        Err(err) => {
            eprintln!("error: cannot render the OpenAPI document: {err}");
            return ExitCode::from(1);
        }
    };
    match output {
        None => {
            print!("{yaml}");
            ExitCode::SUCCESS
        }
        Some(file) => match std::fs::write(file, yaml) {
            Ok(()) => {
                println!("wrote {file}");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("error: cannot write {file}: {err}");
                ExitCode::from(1)
            }
        },
    }
}

fn prompt(label: &str) -> Result<String, String> {
    use std::io::Write;
    print!("{label}: ");
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    Ok(line.trim().to_string())
}

fn create_admin() -> ExitCode {
    let config = match load_config() {
        Ok(c) => c,
        Err(code) => return code,
    };
    init_logging();
    let outcome = (|| -> Result<String, String> {
        let from_env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let login = match from_env("ADMIN_LOGIN") {
            Some(v) => v,
            None => prompt("login")?,
        };
        let name = match from_env("ADMIN_NAME") {
            Some(v) => v,
            None => prompt("name")?,
        };
        let password = match from_env("ADMIN_PASSWORD") {
            Some(v) => v,
            None => {
                let first = rpassword::prompt_password("password: ").map_err(|e| e.to_string())?;
                let second =
                    rpassword::prompt_password("password again: ").map_err(|e| e.to_string())?;
                if first != second {
                    return Err("the passwords differ".into());
                }
                first
            }
        };
        api_types::validate::login(&login.trim().to_lowercase())
            .map_err(|e| format!("login: {e}"))?;
        api_types::validate::not_blank(&name).map_err(|e| format!("name: {e}"))?;
        api_types::validate::password(&password).map_err(|e| format!("password: {e}"))?;
        let state = api::prepare(config).map_err(|e| e.to_string())?;
        let mut conn = state.pool.get().map_err(|e| e.to_string())?;
        api::resources::auth::bootstrap::create_admin(
            &mut conn,
            &login,
            &name,
            &password,
            &state.config,
        )
        .map_err(|e| e.to_string())
    })();
    match outcome {
        Ok(login) => {
            println!("created administrator {login}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

fn import_plan(key: &str) -> ExitCode {
    let config = match load_config() {
        Ok(c) => c,
        Err(code) => return code,
    };
    init_logging();
    let outcome = (|| -> Result<api_types::plans::ImportSummary, String> {
        let state = api::prepare(config).map_err(|e| e.to_string())?;
        let mut conn = state.pool.get().map_err(|e| e.to_string())?;
        api::resources::plans::template::import_audited(&mut conn, key).map_err(|e| e.to_string())
    })();
    match outcome {
        Ok(summary) => {
            println!(
                "plan {} ({}): {} tasks and {} milestones created, {} already present",
                summary.plan.title,
                summary.plan.id,
                summary.tasks_created,
                summary.milestones_created,
                summary.unchanged
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

fn close_attempts() -> ExitCode {
    let config = match load_config() {
        Ok(c) => c,
        Err(code) => return code,
    };
    init_logging();
    let outcome = (|| -> Result<u64, String> {
        let state = api::prepare(config).map_err(|e| e.to_string())?;
        let mut conn = state.pool.get().map_err(|e| e.to_string())?;
        api::resources::quizzes::deadlines::run(&mut conn, api::time::now())
            .map_err(|e| e.to_string())
    })();
    match outcome {
        Ok(closed) => {
            println!("quiz attempts: {closed} submitted at their deadline");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

fn remind() -> ExitCode {
    let config = match load_config() {
        Ok(c) => c,
        Err(code) => return code,
    };
    init_logging();
    let lead_days = config.reminder_lead_days;
    let outcome = (|| -> Result<u64, String> {
        let state = api::prepare(config).map_err(|e| e.to_string())?;
        let mut conn = state.pool.get().map_err(|e| e.to_string())?;
        api::resources::notifications::reminders::run(&mut conn, api::time::today(), lead_days)
            .map_err(|e| e.to_string())
    })();
    match outcome {
        Ok(created) => {
            println!("reminders: {created} notifications sent");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}
