-- Payment promises (an extra table "promises": promise_no, customer_id, promised_on, pay_by, amount)
-- made on or before :as_of, each with what the customer paid from promised_on to pay_by
-- (inclusive). A promise whose pay_by has passed (before :as_of) is kept when that
-- amount reaches the promised amount, else broken; a later pay_by is pending.
select pr.promise_no, pr.customer_id, cast(pr.promised_on as date) as promised_on, cast(pr.pay_by as date) as pay_by,
       cast(pr.amount as decimal(18, 2)) as amount,
       coalesce(sum(cast(p.amount as decimal(18, 2))), 0) as paid,
       case when cast(pr.pay_by as date) >= :as_of then 'pending'
            when coalesce(sum(p.amount), 0) >= pr.amount then 'kept'
            else 'broken' end as status
from promises pr
left join payments p
  on p.customer_id = pr.customer_id
 and cast(p.payment_date as date) between cast(pr.promised_on as date) and cast(pr.pay_by as date)
 and cast(p.payment_date as date) <= :as_of
where cast(pr.promised_on as date) <= :as_of
group by pr.promise_no, pr.customer_id, pr.promised_on, pr.pay_by, pr.amount
