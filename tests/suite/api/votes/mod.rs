//! Committee votes over HTTP: ballots, secrecy, the electorate and who reads the register.

mod ballots;
mod opening;
mod seats;
