-- Payment promises per customer at :as_of (used by kamtools.receivables.worklist when the
-- store holds the optional table "promises": customer_id, promised_on, pay_by, amount,
-- invoice_id, note).
--
-- Only promises made on or before :as_of and payments dated on or before :as_of count.
--  1. A payment can fulfil a promise of its customer when it is dated from the promise's
--     promised_on to its pay_by (both included), unless both name an invoice and the
--     invoices differ (a payment of another invoice does not keep a promise about this one).
--  2. Each payment goes to one promise only: the promise naming the invoice the payment
--     names, if any, else the promise with the oldest pay_by (then the oldest promised_on).
--     So one payment never counts for two overlapping promises.
--  3. A promise is kept once the payments allocated to it reach its amount (also when its
--     pay_by is today or still ahead); else broken when its pay_by is before :as_of; else
--     pending.
-- Promises have no key of their own: within a customer they are numbered in the order of
-- pay_by, promised_on, amount, invoice_id, note (identical promises are interchangeable).
--
-- Columns: customer_id, promises, kept_promises, broken_promises, pending_promises, and the
-- latest promise (latest promised_on, then latest pay_by): last_promise_on,
-- last_promise_pay_by, last_promise_amount, last_promise_paid, last_promise_status.
with pr as (
    select customer_id,
           cast(promised_on as date) as promised_on,
           cast(pay_by as date) as pay_by,
           cast(amount as decimal(18, 2)) as amount,
           invoice_id,
           row_number() over (partition by customer_id
                              order by cast(pay_by as date), cast(promised_on as date), amount, invoice_id, note)
               as promise_no
    from promises
    where cast(promised_on as date) <= :as_of
),
pay as (
    select payment_id, customer_id, cast(payment_date as date) as payment_date,
           cast(amount as decimal(18, 2)) as amount, invoice_id
    from payments
    where cast(payment_date as date) <= :as_of
),
candidates as (
    select p.customer_id, p.amount, pr.promise_no,
           row_number() over (partition by p.payment_id
                              order by case when pr.invoice_id = p.invoice_id then 0 else 1 end,
                                       pr.pay_by, pr.promised_on, pr.promise_no) as choice
    from pay p
    join pr
      on pr.customer_id = p.customer_id
     and p.payment_date between pr.promised_on and pr.pay_by
     and (pr.invoice_id is null or p.invoice_id is null or pr.invoice_id = p.invoice_id)
),
allocated as (
    select customer_id, promise_no, sum(amount) as paid
    from candidates
    where choice = 1
    group by customer_id, promise_no
),
judged as (
    select pr.customer_id, pr.promise_no, pr.promised_on, pr.pay_by, pr.amount,
           coalesce(a.paid, 0) as paid,
           case when coalesce(a.paid, 0) >= pr.amount then 'kept'
                when pr.pay_by < :as_of then 'broken'
                else 'pending' end as status,
           row_number() over (partition by pr.customer_id
                              order by pr.promised_on desc, pr.pay_by desc, pr.promise_no desc) as latest
    from pr
    left join allocated a on a.customer_id = pr.customer_id and a.promise_no = pr.promise_no
)
select customer_id,
       count(*) as promises,
       sum(case when status = 'kept' then 1 else 0 end) as kept_promises,
       sum(case when status = 'broken' then 1 else 0 end) as broken_promises,
       sum(case when status = 'pending' then 1 else 0 end) as pending_promises,
       max(case when latest = 1 then promised_on end) as last_promise_on,
       max(case when latest = 1 then pay_by end) as last_promise_pay_by,
       max(case when latest = 1 then amount end) as last_promise_amount,
       max(case when latest = 1 then paid end) as last_promise_paid,
       max(case when latest = 1 then status end) as last_promise_status
from judged
group by customer_id
