"""Count the jobs that started each import run.

Revision ID: 7da2ac4ff0df
Revises: 206b1c41ac36
Create Date: 2026-12-02 02:41:47.580898

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7da2ac4ff0df'
down_revision = '206b1c41ac36'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.drop_column('attempts')

