//! An admin's council staff, a page at a time (the API's `/admin/staff`, at most 100 a page):
//! each member's role and whether they are disabled, with links to change a role or disable,
//! and to add a member. The page is in the URL (`?page=2`), so a reload keeps it.

use crate::api::Office;
use crate::components::{LoadError, Loading, RequireRole, Table};
use crate::format::{role_label, when};
use leptos::prelude::*;
use leptos_router::components::A;
use permit_api_types::{StaffMember, path_segment};

/// Members on one page.
const PAGE_SIZE: u32 = 25;

fn link(page: u32) -> String {
    if page > 1 {
        format!("/office/staff?page={page}")
    } else {
        "/office/staff".to_owned()
    }
}

#[component]
pub(crate) fn StaffList() -> impl IntoView {
    view! {
        <RequireRole roles=&["admin"]>
            <StaffListView/>
        </RequireRole>
    }
}

#[component]
fn StaffListView() -> impl IntoView {
    let page = super::use_page();
    let data = LocalResource::new(move || {
        let page = page.get();
        async move {
            // One more than a page, to know whether there is a next one.
            let offset = (page - 1) * PAGE_SIZE;
            Office.staff_page(offset, PAGE_SIZE + 1).await
        }
    });
    view! {
        <h1>"Staff"</h1>
        <p><A href="/office/staff/new" attr:class="button" attr:id="add-member">"Add a member of staff"</A></p>
        {move || match data.get() {
            None => view! { <Loading what="Loading your council's staff…"/> }.into_any(),
            Some(Err(error)) => view! { <LoadError error=error/> }.into_any(),
            Some(Ok(found)) => view! { <StaffTable found=found page=page.get()/> }.into_any(),
        }}
    }
}

#[component]
fn StaffTable(mut found: Vec<StaffMember>, page: u32) -> impl IntoView {
    let has_next = found.len() as u32 > PAGE_SIZE;
    found.truncate(PAGE_SIZE as usize);
    let rows = found
        .into_iter()
        .map(|member| {
            let href = format!("/office/staff/{}", path_segment(&member.id));
            let status = match member.disabled_at {
                Some(at) => format!("Disabled {}", when(at)),
                None => "Active".to_owned(),
            };
            let disabled = member.disabled_at.is_some();
            view! {
                <tr data-email=member.email.clone() class:disabled-member=disabled>
                    <td data-label="Name">{member.full_name.clone()}</td>
                    <td data-label="Email">{member.email.clone()}</td>
                    <td data-label="Role">{role_label(&member.role)}</td>
                    <td data-label="Status">{status}</td>
                    <td data-label="Action">{(!disabled).then(|| view! {
                        <A href=href.clone() attr:class="manage-link">
                            "Change role or disable"<span class="visually-hidden">{format!(": {}", member.full_name)}</span>
                        </A>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Table id="staff" caption="Your council's staff" heads=&["Name", "Email", "Role", "Status", "Action"]>
            {rows}
        </Table>
        <nav aria-label="Pages" class="pagination">
            {(page > 1).then(|| view! { <A href=link(page - 1) attr:id="previous-page">"Previous page"</A> })}
            {has_next.then(|| view! { <A href=link(page + 1) attr:id="next-page">"Next page"</A> })}
        </nav>
    }
}
