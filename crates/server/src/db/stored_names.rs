//! The domain's enums in rows: each is a text column holding its name
//! ([`crate::domain::states`]). A name that does not parse fails the row's decode with the
//! column named, which the caller reports as an internal error.

use crate::domain::{
    BundleState, OrderState, PaymentStatus, PermitState, RefundState, RegistrationState,
    RequestKind, RequestState, StaffRole,
};
use sqlx::any::{AnyTypeInfo, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::{Any, Decode, Type};

macro_rules! stored_as_text {
    ($($name:ty),+ $(,)?) => {$(
        impl Type<Any> for $name {
            fn type_info() -> AnyTypeInfo {
                <String as Type<Any>>::type_info()
            }

            fn compatible(ty: &AnyTypeInfo) -> bool {
                <String as Type<Any>>::compatible(ty)
            }
        }

        impl<'r> Decode<'r, Any> for $name {
            fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
                Ok(<String as Decode<'r, Any>>::decode(value)?.parse()?)
            }
        }
    )+};
}

stored_as_text!(
    BundleState,
    OrderState,
    RefundState,
    PaymentStatus,
    PermitState,
    RegistrationState,
    RequestKind,
    RequestState,
    StaffRole,
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;

    #[derive(Debug, sqlx::FromRow)]
    struct Row {
        state: PermitState,
    }

    async fn read(text: &str) -> Result<Row, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect("sqlite::memory:").await?;
        sqlx::query_as("SELECT $1 AS state")
            .bind(text)
            .fetch_one(&pool)
            .await
    }

    #[tokio::test]
    async fn a_known_name_reads_as_its_variant() {
        let row = read("pending_review").await.expect("a known state");
        assert_eq!(row.state, PermitState::PendingReview);
    }

    #[tokio::test]
    async fn an_unknown_name_is_an_internal_error_naming_the_column() {
        let error = read("archived").await.expect_err("not a permit state");
        assert!(
            matches!(&error, sqlx::Error::ColumnDecode { index, .. } if index.contains("state")),
            "{error:?}"
        );
        let ApiError::Internal(detail) = ApiError::from(error) else {
            panic!("an internal error");
        };
        assert!(detail.contains("unknown PermitState"), "{detail}");
    }
}
