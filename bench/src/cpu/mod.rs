//! Where the machine's CPU time goes while a metric runs: the server (or the process that
//! rebuilds), PostgreSQL, the benchmark itself, everything else (the kernel's threads,
//! interrupts, other programs), idle, and what the VM's host took. Read from `/proc` at
//! the start and at the end of a measured window, so that a ratio to the limit can be
//! explained: the cores are shared, and each party's time per command says which one a
//! command waits for.
//!
//! Everything is counted in the kernel's clock ticks, whose length cancels out: a party's
//! share of all the ticks of all cores in the window, times the number of cores, is the
//! cores it kept busy; over a rate of commands per second, its CPU time per command.

mod procfs;
mod snapshot;
mod split;
mod watch;

pub use snapshot::CpuSnapshot;
pub use split::CpuSplit;
pub use watch::CpuWatch;
