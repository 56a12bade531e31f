//! The `charter` command line run as a process, as an operator or a script runs it: which
//! commands create a database, what scripts can read, the flags refused at parse time,
//! and the server's start (waiting for PostgreSQL) and logs.

mod database;
mod delegates;
mod flags;
mod logs;
mod output;
mod run;
mod start;
