//! The contact keys every agent of the SGD template's section 2 has (controller,
//! encarregado, operator), with the template's column headers. Public: the
//! controller's and the encarregado's contacts are published (LGPD art. 41 §1º);
//! an operator uses them with `.internal()`.

use super::{Field, Kind, key};

pub(super) const NAME: Field = key("nome", "nome", Kind::Text)
    .required()
    .public()
    .column("Nome");
pub(super) const ADDRESS: Field = key("endereco", "endereço", Kind::Text)
    .public()
    .column("Endereço");
pub(super) const CEP: Field = key("cep", "cep", Kind::Text).public().column("CEP");
pub(super) const PHONE: Field = key("telefone", "telefone", Kind::Text)
    .public()
    .column("Telefone");
pub(super) const EMAIL: Field = key("email", "email", Kind::Text).public().column("E-mail");
