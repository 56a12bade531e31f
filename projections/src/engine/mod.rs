//! The engine that feeds the read models: events as read from the store ([`event`]), what
//! a read model is to it ([`projection`]), the opening of their personal values
//! ([`opening`]), the [`stream_guards`] that catch gaps and
//! replays, the checkpointed [`projector`], and the [`rebuild`] of a read model beside the
//! live one. Nothing here knows any particular read model.

pub mod event;
pub mod opening;
pub mod projection;
pub mod projector;
pub mod rebuild;
pub mod stream_guards;
