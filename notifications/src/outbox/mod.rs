//! The outbox: messages decided and waiting to be delivered, each written in the same
//! transaction that decided it, then sent by [`deliver`] with retries, the same Message-ID
//! on every try, and each attempt recorded. [`deliveries`] is what the secretariat reads of
//! it; [`retention`] forgets a message's words once its delivery is proven.

pub mod deliver;
pub mod deliveries;
pub mod digest;
pub mod enqueue;
pub mod retention;

pub use enqueue::{enqueue, Content, Writing};
