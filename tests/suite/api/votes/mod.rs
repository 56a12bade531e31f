//! Committee votes over HTTP: ballots, secrecy, the electorate and who reads the register.

mod ballots;
mod early_close;
mod network;
mod opening;
mod seats;
mod secrecy;
